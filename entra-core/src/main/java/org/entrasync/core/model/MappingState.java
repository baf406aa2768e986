package org.entrasync.core.model;

/** The decision for one managed tenant. */
public enum MappingState implements WireNamed {
  /** Linked to an existing host client; syncs. */
  MAPPED,
  /** Approved: create a host client for this tenant on the next explicit sync. */
  CREATE_NEW,
  /** Deliberately left out for now. */
  SKIP_FOR_NOW,
  /** Not decided yet; candidates await an operator. */
  NEEDS_REVIEW
}
