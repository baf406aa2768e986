package org.entrasync.core.sync;

import java.time.Instant;
import java.util.Objects;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;

/**
 * Where a tenant sync stands after a page: small, serializable, free of user data and secrets, so
 * it can ride in a Temporal heartbeat and a retried activity resumes from it.
 *
 * @param pageCursor the gateway's cursor for the page after the last applied one; null once the
 *     listing is done
 * @param pagesApplied pages applied so far
 * @param listingStartedAt when this listing began; links not seen since are the ones a complete
 *     listing no longer has
 * @param eligibleUsers users that passed the filters so far (full listing), or the adjustment so
 *     far (delta)
 */
public record SyncCheckpoint(
    ListingRequest.Mode mode,
    String deltaCursor,
    String pageCursor,
    int pagesApplied,
    int listedUsers,
    int eligibleUsers,
    SyncCounters counters,
    Instant listingStartedAt) {
  public SyncCheckpoint {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(listingStartedAt, "listingStartedAt");
    counters = counters == null ? SyncCounters.ZERO : counters;
  }
}
