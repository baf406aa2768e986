package org.entrasync.adapters.graph.internal;

/** Hands out a currently valid access token for one Graph client (the partner, or one customer tenant). */
public interface AccessTokenSource {

  /** A token valid for at least the refresh skew; refreshes or acquires one when needed. */
  String accessToken();

  /**
   * Graph answered 401 to a request that carried {@code token}: the next {@link #accessToken()}
   * must not return it again. A token that was already replaced is ignored.
   */
  void rejected(String token);
}
