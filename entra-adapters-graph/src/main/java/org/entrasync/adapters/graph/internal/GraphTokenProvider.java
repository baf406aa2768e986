package org.entrasync.adapters.graph.internal;

import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The SDK's token hook for one client. Gives a token only to the configured Graph origin (scheme,
 * host and port); any other URL, such as a link pointing elsewhere, goes out without one.
 */
public final class GraphTokenProvider implements AccessTokenProvider {
  private final AccessTokenSource source;
  private final URI graphBase;
  private final AllowedHostsValidator hosts;
  private final ThreadLocal<String> lastIssued = new ThreadLocal<>();

  public GraphTokenProvider(AccessTokenSource source, URI graphBase) {
    this.source = Objects.requireNonNull(source, "source");
    this.graphBase = Objects.requireNonNull(graphBase, "graphBase");
    this.hosts = new AllowedHostsValidator(graphBase.getHost());
  }

  @Override
  public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
    if (uri == null || !hosts.isUrlHostValid(uri) || !sameOrigin(uri, graphBase)) {
      return "";
    }
    String token = source.accessToken();
    lastIssued.set(token);
    return token;
  }

  @Override
  public AllowedHostsValidator getAllowedHostsValidator() {
    return hosts;
  }

  /** The token this thread last handed to the SDK since {@link #clearLastIssued()}, or null. */
  String lastIssued() {
    return lastIssued.get();
  }

  void clearLastIssued() {
    lastIssued.remove();
  }

  public AccessTokenSource source() {
    return source;
  }

  /** Same scheme, host and effective port. */
  public static boolean sameOrigin(URI a, URI b) {
    if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
      return false;
    }
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
