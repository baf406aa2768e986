package org.entrasync.adapters.graph.internal;

import org.entrasync.spi.EntraRejectedException;

/**
 * Graph no longer accepts a page token ({@code 400 Directory_ExpiredPageToken}): the listing that
 * followed it starts again from its first page. Not retried as such: the same link stays expired.
 */
public final class PageTokenExpiredException extends EntraRejectedException {
  private static final long serialVersionUID = 1L;

  public PageTokenExpiredException(String message) {
    super(message);
  }
}
