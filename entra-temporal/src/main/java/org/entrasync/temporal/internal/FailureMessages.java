package org.entrasync.temporal.internal;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Digs the operator-facing message out of Temporal's failure wrappers. */
final class FailureMessages {
  private FailureMessages() {}

  static String operatorMessage(Throwable failure) {
    String message = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
      if (t instanceof TemporalFailure temporal && temporal.getOriginalMessage() != null && !temporal.getOriginalMessage().isBlank()) {
        message = temporal.getOriginalMessage();
      } else if (message == null) {
        message = t.getMessage();
      }
    }
    return message == null ? "The tenant sync failed for an unknown reason." : message;
  }
}
