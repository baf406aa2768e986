package org.entrasync.adapters.graph;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.entrasync.core.retry.UpstreamRetryPolicy;

/**
 * How the direct connection reaches the Microsoft identity platform and Microsoft Graph. Holds no
 * secret: the app credentials come from {@code MicrosoftAppCredentialsResolver}, the partner tokens
 * from the {@code SecretProvider}.
 *
 * @param authorityBaseUrl identity platform root, default {@code https://login.microsoftonline.com}
 * @param graphBaseUrl Graph root including the version, default {@code https://graph.microsoft.com/v1.0};
 *     the only host that ever receives a bearer token
 * @param redirectUri the default redirect URI of the app registration, used when a caller passes none
 *     (may be null when every caller passes one); allowed by itself
 * @param allowedRedirectUris every redirect URI a sign-in may name (the callback URLs registered on the
 *     app): a caller's redirect URI must equal one of them exactly, else the sign-in is refused and
 *     nothing is stored. Each is {@code https}, or plain {@code http} on a loopback host (a local
 *     emulator or desktop host), without a fragment. The default redirect URI is always among them.
 * @param scopes the delegated scopes requested at sign-in (see the module README for why each)
 * @param connectTimeout TCP connect timeout of every call
 * @param readTimeout read timeout of every call
 * @param retryPolicy how background calls (discovery, user listings, their token refreshes) retry a
 *     throttled or failed call in process (core's shared {@link UpstreamRetryPolicy}; default {@link
 *     UpstreamRetryPolicy#BACKGROUND}); a longer {@code Retry-After} goes back to the caller (Temporal)
 *     in {@code EntraUnavailableException.retryAfter()}
 * @param interactiveRetryPolicy the same for calls an operator waits on (sign-in completion, validation);
 *     default {@link UpstreamRetryPolicy#INTERACTIVE}
 * @param pageSize upper bound of the users page size ({@code $top}, 1..999)
 * @param tokenRefreshSkew refresh an access token this long before it expires
 * @param authorizationLifetime how long a started sign-in (its state) stays valid
 * @param discoveryConcurrency customer tenants enriched in parallel during discovery
 * @param prefetchNextPage while the sync writes one users page, fetch the next one (one page ahead, on
 *     a background thread), so the Graph round trip overlaps the database work; default on. Off
 *     fetches each page only after the previous one is written.
 * @param maxCachedTenants the most customer tenants (and MSP tenants) whose tokens and SDK clients the
 *     adapter keeps in memory at once (least recently used go first; expired tokens go anyway)
 * @param clock time source for token expiry and sign-in expiry
 */
public record GraphConnectionConfig(
    URI authorityBaseUrl,
    URI graphBaseUrl,
    URI redirectUri,
    List<URI> allowedRedirectUris,
    List<String> scopes,
    Duration connectTimeout,
    Duration readTimeout,
    UpstreamRetryPolicy retryPolicy,
    UpstreamRetryPolicy interactiveRetryPolicy,
    int pageSize,
    Duration tokenRefreshSkew,
    Duration authorizationLifetime,
    int discoveryConcurrency,
    boolean prefetchNextPage,
    int maxCachedTenants,
    Clock clock) {

  public static final URI DEFAULT_AUTHORITY = URI.create("https://login.microsoftonline.com");
  public static final URI DEFAULT_GRAPH = URI.create("https://graph.microsoft.com/v1.0");

  /** Least privilege for discovery + user reads, plus sign-in and refresh tokens. */
  public static final List<String> DEFAULT_SCOPES =
      List.of(
          "openid",
          "offline_access",
          "https://graph.microsoft.com/User.Read",
          "https://graph.microsoft.com/DelegatedAdminRelationship.Read.All",
          "https://graph.microsoft.com/User.Read.All");

  public GraphConnectionConfig {
    authorityBaseUrl = requireSafeBase(authorityBaseUrl, "authorityBaseUrl");
    graphBaseUrl = requireSafeBase(graphBaseUrl, "graphBaseUrl");
    if (redirectUri != null) {
      requireSafeRedirect(redirectUri, "redirectUri");
    }
    java.util.LinkedHashSet<URI> allowed = new java.util.LinkedHashSet<>();
    if (redirectUri != null) {
      allowed.add(redirectUri);
    }
    for (URI uri : Objects.requireNonNull(allowedRedirectUris, "allowedRedirectUris")) {
      allowed.add(requireSafeRedirect(uri, "allowedRedirectUris"));
    }
    allowedRedirectUris = List.copyOf(allowed);
    scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
    if (scopes.isEmpty() || scopes.stream().anyMatch(s -> s == null || s.isBlank() || s.contains(" "))) {
      throw new IllegalArgumentException("scopes must be non-blank single scope values");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(interactiveRetryPolicy, "interactiveRetryPolicy");
    if (pageSize < 1 || pageSize > 999) {
      throw new IllegalArgumentException("pageSize must be 1..999; got " + pageSize);
    }
    requireNotNegative(tokenRefreshSkew, "tokenRefreshSkew");
    requirePositive(authorizationLifetime, "authorizationLifetime");
    if (discoveryConcurrency < 1 || discoveryConcurrency > 32) {
      throw new IllegalArgumentException("discoveryConcurrency must be 1..32; got " + discoveryConcurrency);
    }
    if (maxCachedTenants < 1) {
      throw new IllegalArgumentException("maxCachedTenants must be positive; got " + maxCachedTenants);
    }
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * The defaults: public Microsoft cloud, 10 s connect / 60 s read, the shared background and
   * interactive retry policies, page size 999, the
   * next users page fetched while the current one is written.
   */
  public static GraphConnectionConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .authorityBaseUrl(authorityBaseUrl)
        .graphBaseUrl(graphBaseUrl)
        .redirectUri(redirectUri)
        .allowedRedirectUris(allowedRedirectUris)
        .scopes(scopes)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .retryPolicy(retryPolicy)
        .interactiveRetryPolicy(interactiveRetryPolicy)
        .pageSize(pageSize)
        .tokenRefreshSkew(tokenRefreshSkew)
        .authorizationLifetime(authorizationLifetime)
        .discoveryConcurrency(discoveryConcurrency)
        .prefetchNextPage(prefetchNextPage)
        .maxCachedTenants(maxCachedTenants)
        .clock(clock);
  }

  /** The scopes as the identity platform wants them: one space-separated string. */
  public String scopeString() {
    return String.join(" ", scopes);
  }

  private static URI requireSafeBase(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL; got " + uri);
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          name + " must use https (plain http is only accepted for a local emulator on localhost); got " + uri);
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(name + " must not carry a query or fragment; got " + uri);
    }
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** Whether {@code uri} is one of the {@link #allowedRedirectUris()} (exact match). */
  public boolean allowsRedirect(URI uri) {
    return uri != null && allowedRedirectUris.contains(uri);
  }

  private static URI requireSafeRedirect(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be absolute http(s) URLs; got " + uri);
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(uri.getHost()))) {
      throw new IllegalArgumentException(name + " must use https (plain http only on localhost); got " + uri);
    }
    if (uri.getFragment() != null || uri.getUserInfo() != null) {
      throw new IllegalArgumentException(name + " must not carry a fragment or user info; got " + uri);
    }
    return uri;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive; got " + d);
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " cannot be negative; got " + d);
    }
  }

  /** Builds a {@link GraphConnectionConfig}; every value starts at its default. */
  public static final class Builder {
    private URI authorityBaseUrl = DEFAULT_AUTHORITY;
    private URI graphBaseUrl = DEFAULT_GRAPH;
    private URI redirectUri;
    private List<URI> allowedRedirectUris = List.of();
    private List<String> scopes = DEFAULT_SCOPES;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private UpstreamRetryPolicy retryPolicy = UpstreamRetryPolicy.BACKGROUND;
    private UpstreamRetryPolicy interactiveRetryPolicy = UpstreamRetryPolicy.INTERACTIVE;
    private int pageSize = 999;
    private Duration tokenRefreshSkew = Duration.ofSeconds(60);
    private Duration authorizationLifetime = Duration.ofMinutes(10);
    private int discoveryConcurrency = 4;
    private boolean prefetchNextPage = true;
    private int maxCachedTenants = 10_000;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder authorityBaseUrl(URI v) { this.authorityBaseUrl = v; return this; }
    public Builder authorityBaseUrl(String v) { return authorityBaseUrl(URI.create(v)); }
    public Builder graphBaseUrl(URI v) { this.graphBaseUrl = v; return this; }
    public Builder graphBaseUrl(String v) { return graphBaseUrl(URI.create(v)); }
    public Builder redirectUri(URI v) { this.redirectUri = v; return this; }
    public Builder redirectUri(String v) { return redirectUri(v == null ? null : URI.create(v)); }
    /** Redirect URIs a caller may pass besides {@link #redirectUri(URI)}. */
    public Builder allowedRedirectUris(List<URI> v) { this.allowedRedirectUris = v; return this; }
    public Builder scopes(List<String> v) { this.scopes = v; return this; }
    public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
    public Builder readTimeout(Duration v) { this.readTimeout = v; return this; }
    public Builder retryPolicy(UpstreamRetryPolicy v) { this.retryPolicy = v; return this; }
    public Builder interactiveRetryPolicy(UpstreamRetryPolicy v) { this.interactiveRetryPolicy = v; return this; }
    public Builder pageSize(int v) { this.pageSize = v; return this; }
    public Builder tokenRefreshSkew(Duration v) { this.tokenRefreshSkew = v; return this; }
    public Builder authorizationLifetime(Duration v) { this.authorizationLifetime = v; return this; }
    public Builder discoveryConcurrency(int v) { this.discoveryConcurrency = v; return this; }
    public Builder prefetchNextPage(boolean v) { this.prefetchNextPage = v; return this; }
    public Builder maxCachedTenants(int v) { this.maxCachedTenants = v; return this; }
    public Builder clock(Clock v) { this.clock = v; return this; }

    public GraphConnectionConfig build() {
      return new GraphConnectionConfig(authorityBaseUrl, graphBaseUrl, redirectUri, allowedRedirectUris, scopes, connectTimeout,
          readTimeout, retryPolicy, interactiveRetryPolicy, pageSize, tokenRefreshSkew,
          authorizationLifetime, discoveryConcurrency, prefetchNextPage, maxCachedTenants, clock);
    }
  }
}
