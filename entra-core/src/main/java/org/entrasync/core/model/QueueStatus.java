package org.entrasync.core.model;

public enum QueueStatus implements WireNamed {
  OPEN,
  RESOLVED,
  /** An operator chose to leave this identity alone; later syncs do not queue it again. */
  DISMISSED
}
