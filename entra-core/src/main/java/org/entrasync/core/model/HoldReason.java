package org.entrasync.core.model;

/** Why the deletion-safety valve held a round's inactivations back instead of applying them. */
public enum HoldReason implements WireNamed {
  /** Too many linked identities were deleted, disabled or missing at once. */
  THRESHOLD_TRIPPED,
  /** The listing did not reach its last page: absence proves nothing, and the round is not trusted. */
  INCOMPLETE_LISTING,
  /** The listing returned no user at all while identities are linked. */
  EMPTY_LISTING
}
