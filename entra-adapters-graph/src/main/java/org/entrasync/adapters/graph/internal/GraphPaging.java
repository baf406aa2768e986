package org.entrasync.adapters.graph.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.spi.EntraRejectedException;

/**
 * The paging rules every Graph listing of the adapter follows (the partner's customers and a tenant's
 * users alike): a link is followed only when it points at the configured Graph endpoint, a link equal
 * to the one just followed is a loop, and no chain runs past {@link #MAX_PAGES}.
 */
public final class GraphPaging {
  /** A runaway paging chain (a cycle longer than one page) stops here; a link to itself stops at once. */
  public static final int MAX_PAGES = 100_000;

  private final URI base;

  public GraphPaging(URI graphBase) {
    this.base = Objects.requireNonNull(graphBase, "graphBase");
  }

  /**
   * Links are followed only when they point at the configured Graph endpoint: a token must never go
   * anywhere else. A stored delta cursor that points elsewhere (for example after the endpoint
   * changed) is treated as expired, which leads to a full listing.
   */
  public void requireGraphLink(String link, boolean isDeltaCursor) {
    if (!isGraphLink(link)) {
      if (isDeltaCursor) {
        throw new DeltaCursorExpiredException("The stored delta cursor does not point at the configured Microsoft"
            + " Graph endpoint; it is dropped and a full listing follows.", null);
      }
      throw new EntraRejectedException("A paging link does not point at the configured Microsoft Graph endpoint ("
          + base + "); it is not followed.");
    }
  }

  public boolean isGraphLink(String link) {
    try {
      URI uri = new URI(link);
      String basePath = base.getPath() == null ? "" : base.getPath();
      return uri.isAbsolute() && GraphTokenProvider.sameOrigin(uri, base)
          && uri.getPath() != null && uri.getPath().startsWith(basePath);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Whether two links name the same request: same origin and path, same decoded query parameters in
   * the same order (Graph may spell a link it hands back with another percent-encoding).
   */
  public static boolean sameLink(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    HttpUrl x = HttpUrl.parse(a);
    HttpUrl y = HttpUrl.parse(b);
    if (x == null || y == null || !x.scheme().equals(y.scheme()) || !x.host().equals(y.host()) || x.port() != y.port()
        || !x.pathSegments().equals(y.pathSegments()) || x.querySize() != y.querySize()) {
      return false;
    }
    for (int i = 0; i < x.querySize(); i++) {
      if (!x.queryParameterName(i).equals(y.queryParameterName(i))
          || !Objects.equals(x.queryParameterValue(i), y.queryParameterValue(i))) {
        return false;
      }
    }
    return true;
  }
}
