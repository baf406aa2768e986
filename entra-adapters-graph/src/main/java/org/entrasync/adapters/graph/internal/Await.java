package org.entrasync.adapters.graph.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.entrasync.spi.EntraUnavailableException;

/** Waits for work handed to the adapter's background threads (discovery, page prefetch). */
public final class Await {
  private Await() {}

  /**
   * The result of {@code f}; its failure is rethrown as it was thrown on the background thread, and an
   * interrupt cancels it and fails retryably.
   */
  public static <T> T result(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new EntraUnavailableException("Interrupted while waiting for Microsoft Graph");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }
}
