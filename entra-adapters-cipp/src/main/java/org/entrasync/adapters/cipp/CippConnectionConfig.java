package org.entrasync.adapters.cipp;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.entrasync.core.retry.UpstreamRetryPolicy;

/**
 * Tuning of the CIPP connection. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * <ul>
 *   <li>{@code readTimeout} (default 240 s): longer than Azure's 230 s cut, so CIPP's slowest
 *       possible answer still arrives;
 *   <li>{@code responseCutoff} (default 230 s): Azure's hard limit on the time to the first byte of
 *       an HTTP-triggered function; a 5xx or a dropped connection after that long is CIPP being too
 *       slow, not an outage, and says so (tests scale it down with the emulator's cut);
 *   <li>{@code connectTimeout} (default 15 s);
 *   <li>{@code retryPolicy} (default {@link UpstreamRetryPolicy#BACKGROUND}): the shared retry
 *       policy of syncs and discovery; a {@code Retry-After} longer than its in-process wait is
 *       handed back (the exception's {@code retryAfter()}) for Temporal to wait;
 *   <li>{@code interactiveRetryPolicy} (default {@link UpstreamRetryPolicy#INTERACTIVE}): for the
 *       calls an operator waits on (validating a connection), so a settings form answers in seconds
 *       when CIPP-API is unreachable;
 *   <li>{@code pageSize} (default 999): the largest page of users handed to the caller; a listing
 *       request asking for smaller pages gets them;
 *   <li>{@code tokenAuthority} (default {@code https://login.microsoftonline.com}): where a CIPP API
 *       client obtains its tokens ({@code POST {authority}/{tenant}/oauth2/v2.0/token});
 *   <li>{@code tokenRefreshMargin} (default 2 min): a cached token is renewed this long before it
 *       expires;
 *   <li>{@code clock} (default UTC system clock): decides when a cached token has expired;
 *   <li>{@code allowLoopback} (default false): whether a CIPP base URL on a loopback address
 *       ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), over https or plain http, may be
 *       connected to. For local emulators and tests only; private, link-local, CGNAT and ULA
 *       addresses are refused whatever this says;
 *   <li>{@code hostResolver} (default {@link HostResolver#SYSTEM}): how host names are resolved;
 *       the address check applies to what it answers, and the connection goes only to the addresses
 *       that passed it.
 * </ul>
 */
public final class CippConnectionConfig {
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(240);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RESPONSE_CUTOFF = Duration.ofSeconds(230);
  public static final int DEFAULT_PAGE_SIZE = 999;
  public static final String DEFAULT_TOKEN_AUTHORITY = "https://login.microsoftonline.com";
  public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(2);

  private final Duration readTimeout;
  private final Duration connectTimeout;
  private final Duration responseCutoff;
  private final UpstreamRetryPolicy retryPolicy;
  private final UpstreamRetryPolicy interactiveRetryPolicy;
  private final int pageSize;
  private final String tokenAuthority;
  private final Duration tokenRefreshMargin;
  private final Clock clock;
  private final boolean allowLoopback;
  private final HostResolver hostResolver;

  private CippConnectionConfig(Builder b) {
    this.readTimeout = positive(b.readTimeout, "readTimeout");
    this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
    this.responseCutoff = positive(b.responseCutoff, "responseCutoff");
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.interactiveRetryPolicy = Objects.requireNonNull(b.interactiveRetryPolicy, "interactiveRetryPolicy");
    if (b.pageSize < 1 || b.pageSize > 999) {
      throw new IllegalArgumentException("pageSize must be between 1 and 999; got " + b.pageSize);
    }
    this.pageSize = b.pageSize;
    this.tokenAuthority = authority(b.tokenAuthority);
    this.tokenRefreshMargin = notNegative(b.tokenRefreshMargin, "tokenRefreshMargin");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.allowLoopback = b.allowLoopback;
    this.hostResolver = Objects.requireNonNull(b.hostResolver, "hostResolver");
  }

  public static CippConnectionConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .readTimeout(readTimeout)
        .connectTimeout(connectTimeout)
        .responseCutoff(responseCutoff)
        .retryPolicy(retryPolicy)
        .interactiveRetryPolicy(interactiveRetryPolicy)
        .pageSize(pageSize)
        .tokenAuthority(tokenAuthority)
        .tokenRefreshMargin(tokenRefreshMargin)
        .clock(clock)
        .allowLoopback(allowLoopback)
        .hostResolver(hostResolver);
  }

  public Duration readTimeout() { return readTimeout; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration responseCutoff() { return responseCutoff; }
  public UpstreamRetryPolicy retryPolicy() { return retryPolicy; }
  public UpstreamRetryPolicy interactiveRetryPolicy() { return interactiveRetryPolicy; }
  public int pageSize() { return pageSize; }
  /** The token authority without a trailing slash. */
  public String tokenAuthority() { return tokenAuthority; }
  public Duration tokenRefreshMargin() { return tokenRefreshMargin; }
  public Clock clock() { return clock; }
  public boolean allowLoopback() { return allowLoopback; }
  public HostResolver hostResolver() { return hostResolver; }

  @Override
  public String toString() {
    return "CippConnectionConfig[readTimeout=" + readTimeout + ", connectTimeout=" + connectTimeout
        + ", responseCutoff=" + responseCutoff
        + ", retryPolicy=" + retryPolicy + ", interactiveRetryPolicy=" + interactiveRetryPolicy
        + ", pageSize=" + pageSize + ", tokenAuthority="
        + tokenAuthority + ", tokenRefreshMargin=" + tokenRefreshMargin + ", allowLoopback=" + allowLoopback + "]";
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive; got " + d);
    }
    return d;
  }

  private static Duration notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative; got " + d);
    }
    return d;
  }

  /** https, or http on a loopback host (tests); no query or fragment; no trailing slash. */
  private static String authority(String raw) {
    Objects.requireNonNull(raw, "tokenAuthority");
    URI uri;
    try {
      uri = URI.create(raw.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tokenAuthority is not a valid URL: " + raw, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (host.isEmpty() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      throw new IllegalArgumentException("tokenAuthority must be an https URL (http only for localhost); got " + raw);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("tokenAuthority must not carry user info, a query or a fragment");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  /** Builder; every setter has a default, see the class comment. */
  public static final class Builder {
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseCutoff = DEFAULT_RESPONSE_CUTOFF;
    private UpstreamRetryPolicy retryPolicy = UpstreamRetryPolicy.BACKGROUND;
    private UpstreamRetryPolicy interactiveRetryPolicy = UpstreamRetryPolicy.INTERACTIVE;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private String tokenAuthority = DEFAULT_TOKEN_AUTHORITY;
    private Duration tokenRefreshMargin = DEFAULT_TOKEN_REFRESH_MARGIN;
    private Clock clock = Clock.systemUTC();
    private boolean allowLoopback;
    private HostResolver hostResolver = HostResolver.SYSTEM;

    private Builder() {}

    public Builder readTimeout(Duration v) { this.readTimeout = v; return this; }
    public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
    public Builder responseCutoff(Duration v) { this.responseCutoff = v; return this; }
    /** The retry policy of background calls (syncs, discovery). */
    public Builder retryPolicy(UpstreamRetryPolicy v) { this.retryPolicy = v; return this; }
    /** The retry policy of calls an operator waits on (validation). */
    public Builder interactiveRetryPolicy(UpstreamRetryPolicy v) { this.interactiveRetryPolicy = v; return this; }
    public Builder pageSize(int v) { this.pageSize = v; return this; }
    public Builder tokenAuthority(String v) { this.tokenAuthority = v; return this; }
    public Builder tokenRefreshMargin(Duration v) { this.tokenRefreshMargin = v; return this; }
    public Builder clock(Clock v) { this.clock = v; return this; }
    /** Allow a loopback CIPP base URL (local emulators and tests only). */
    public Builder allowLoopback(boolean v) { this.allowLoopback = v; return this; }
    public Builder hostResolver(HostResolver v) { this.hostResolver = v; return this; }

    public CippConnectionConfig build() {
      return new CippConnectionConfig(this);
    }
  }
}
