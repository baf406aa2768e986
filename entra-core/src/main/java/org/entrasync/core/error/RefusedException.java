package org.entrasync.core.error;

import java.util.Objects;
import org.entrasync.spi.EntraRejectedException;

/** The facade refused a call before doing anything; nothing was written. */
public class RefusedException extends EntraRejectedException {
  private final Refusal refusal;

  public RefusedException(Refusal refusal, String message) {
    super(Objects.requireNonNull(refusal, "refusal").code(), message, null);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
