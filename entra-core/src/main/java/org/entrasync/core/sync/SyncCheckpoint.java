package org.entrasync.core.sync;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;

/**
 * Where a tenant sync stands: small, serializable, free of user data and secrets, so it can ride in
 * a Temporal heartbeat and a retried activity resumes from it. Reported after every applied page,
 * when the listing has ended, and when the round's deletion decision is made.
 *
 * @param pageCursor the gateway's cursor for the page after the last applied one; null once the
 *     listing is done
 * @param pagesApplied pages of the listing applied and counted so far, from its first page: a page the
 *     gateway delivers with a lower index is a re-delivery after a restart, applied but not counted again
 * @param listingStartedAt when this listing began; links not seen since are the ones a complete
 *     listing no longer has
 * @param eligibleUsers users that passed the filters so far (full listing), or the adjustment so
 *     far (delta)
 * @param activeLinksBefore the tenant's active links when the sync started, the deletion-safety
 *     threshold's base (links created during the sync must not dilute it); -1 when unknown (a
 *     checkpoint of an older version)
 * @param listingEnd how the listing ended, once it has: a resumed attempt then goes straight to the
 *     steps after the listing instead of listing again
 * @param deletions the round's deletion decision, once made (recorded before it is applied)
 * @param fullListingNext a page held a partial entry its plan could not take whole ({@link
 *     org.entrasync.core.model.SyncPlan#listFullyNext}): the round ends by dropping the delta cursor,
 *     so the next one lists everyone
 */
public record SyncCheckpoint(
    ListingRequest.Mode mode,
    String deltaCursor,
    String pageCursor,
    int pagesApplied,
    int listedUsers,
    int eligibleUsers,
    SyncCounters counters,
    Instant listingStartedAt,
    int activeLinksBefore,
    ListingEnd listingEnd,
    DeletionStep deletions,
    boolean fullListingNext) {
  public SyncCheckpoint {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(listingStartedAt, "listingStartedAt");
    counters = counters == null ? SyncCounters.ZERO : counters;
  }

  /** A checkpoint during the listing, base unknown (older versions wrote only these fields). */
  public SyncCheckpoint(ListingRequest.Mode mode, String deltaCursor, String pageCursor, int pagesApplied,
      int listedUsers, int eligibleUsers, SyncCounters counters, Instant listingStartedAt) {
    this(mode, deltaCursor, pageCursor, pagesApplied, listedUsers, eligibleUsers, counters, listingStartedAt, -1,
        null, null, false);
  }

  /** Whether the listing has run to its end (the steps after it may be all that is left). */
  public boolean listingFinished() {
    return listingEnd != null;
  }

  public SyncCheckpoint withListingEnd(ListingEnd end) {
    return new SyncCheckpoint(mode, deltaCursor, null, pagesApplied, listedUsers, eligibleUsers, counters,
        listingStartedAt, activeLinksBefore, end, null, fullListingNext);
  }

  public SyncCheckpoint withDeletions(DeletionStep step) {
    return new SyncCheckpoint(mode, deltaCursor, pageCursor, pagesApplied, listedUsers, eligibleUsers, counters,
        listingStartedAt, activeLinksBefore, listingEnd, step, fullListingNext);
  }

  /**
   * How a listing ended.
   *
   * @param newDeltaCursor the cursor for the next delta round, or null
   */
  public record ListingEnd(boolean complete, String newDeltaCursor) {}

  /**
   * The round's deletion decision, as counted in the tenant result.
   *
   * @param inactivated contacts inactivated by it
   * @param held identities it held back
   * @param note the operator-facing message of a hold, or null
   */
  public record DeletionStep(int inactivated, int held, String note) {
    public DeletionStep {
      if (inactivated < 0 || held < 0) {
        throw new IllegalArgumentException("Deletion counts cannot be negative");
      }
    }
  }
}
