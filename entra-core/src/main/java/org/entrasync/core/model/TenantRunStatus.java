package org.entrasync.core.model;

/** The outcome of one tenant within a run. */
public enum TenantRunStatus implements WireNamed {
  RUNNING,
  COMPLETED,
  FAILED,
  /** Another sync of the same tenant was in flight; this run left it alone. */
  SKIPPED
}
