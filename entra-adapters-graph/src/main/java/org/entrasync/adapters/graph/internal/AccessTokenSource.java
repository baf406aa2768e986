package org.entrasync.adapters.graph.internal;

import org.entrasync.core.retry.UpstreamRetry;

/** Hands out a currently valid access token for one Graph client (the partner, or one customer tenant). */
public interface AccessTokenSource {

  /**
   * A token valid for at least the refresh skew; refreshes or acquires one when needed, retrying the
   * token endpoint under the source's own (background) policy.
   */
  String accessToken();

  /** As {@link #accessToken()}, retrying the token endpoint under {@code retry} (an interactive call's policy). */
  default String accessToken(UpstreamRetry retry) {
    return accessToken();
  }

  /**
   * Graph answered 401 to a request that carried {@code token}: the next {@link #accessToken()}
   * must not return it again. A token that was already replaced is ignored.
   */
  void rejected(String token);
}
