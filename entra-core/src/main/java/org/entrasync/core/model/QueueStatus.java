package org.entrasync.core.model;

/** Where a reconciliation item stands: waiting for an operator, resolved, or dismissed. */
public enum QueueStatus implements WireNamed {
  /** Waiting for an operator's decision. */
  OPEN,
  /** Linked to an existing contact or a new one, by an operator or by a later sync. */
  RESOLVED,
  /** An operator chose to leave this identity alone; later syncs do not queue it again. */
  DISMISSED
}
