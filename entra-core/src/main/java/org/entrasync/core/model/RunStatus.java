package org.entrasync.core.model;

/** Where a sync run stands; a host polls it to show progress and the outcome. */
public enum RunStatus implements WireNamed {
  QUEUED,
  RUNNING,
  COMPLETED,
  /** Some tenants completed, some failed. */
  PARTIAL,
  FAILED;

  /** Whether the run has ended (no further change will be recorded). */
  public boolean isFinal() {
    return this == COMPLETED || this == PARTIAL || this == FAILED;
  }
}
