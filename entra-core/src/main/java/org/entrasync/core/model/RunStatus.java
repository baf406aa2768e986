package org.entrasync.core.model;

public enum RunStatus implements WireNamed {
  QUEUED,
  RUNNING,
  COMPLETED,
  /** Some tenants completed, some failed. */
  PARTIAL,
  FAILED;

  public boolean isFinal() {
    return this == COMPLETED || this == PARTIAL || this == FAILED;
  }
}
