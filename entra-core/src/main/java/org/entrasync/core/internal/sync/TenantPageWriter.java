package org.entrasync.core.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.Removal;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.core.sync.DryRunEntry;
import org.entrasync.spi.MspTenantId;

/**
 * Where one listing attempt's planned pages go, chosen when the attempt starts: {@link Writing} (the
 * port's {@link SyncPageWriter}) for a real run, {@link DryRunPageWriter} for a dry run. The deletion
 * decision after the listing asks it what the round saw, because a dry run marked nothing in storage.
 */
sealed interface TenantPageWriter permits TenantPageWriter.Writing, DryRunPageWriter {

  static TenantPageWriter of(boolean dryRun, SyncPageWriter writer, Clock clock) {
    return dryRun ? new DryRunPageWriter() : new Writing(writer, clock);
  }

  /**
   * Applies (or records) one planned page.
   *
   * @param links the active links the page was planned with
   * @param redelivered whether the page was counted before (its report entries were too)
   * @return what the page did, or would have done
   */
  PageWriteResult apply(MspTenantId msp, SyncPlan plan, Map<EntraObjectId, ContactLink> links,
      List<DirectoryChange> changes, boolean redelivered);

  /** Whether this writer writes; a dry run writes nothing at all, after the listing either. */
  boolean writes();

  /** Whether a page of this attempt wrote anything. */
  boolean wrote();

  /**
   * Whether a stored pending removal is still one after this round: a real round tells from the
   * link's marks ({@code started} is when its listing started).
   */
  boolean stillPending(ContactLink link, Instant started);

  /** Removals this round's pages found that storage does not hold (a real run stored them). */
  Map<EntraObjectId, TenantSyncService.Candidate> pendingNotStored();

  /** Whether this round saw the identity although storage does not say so (a real run marked it seen). */
  boolean seenNotStored(EntraObjectId objectId);

  /** Linked identities this round heard about that storage does not say so (a real run marked them seen). */
  Set<EntraObjectId> heardNotStored();

  /** Records the decided removals in the report (a dry run); a real run applies them instead. */
  void recordDeletions(List<Removal> toApply, List<Removal> toHold);

  /** The per-identity report of a dry run; empty for a real run. */
  List<DryRunEntry> entries();

  /** The real run: pages go to the port's writer. */
  final class Writing implements TenantPageWriter {
    private final SyncPageWriter writer;
    private final Clock clock;
    private boolean wrote;

    Writing(SyncPageWriter writer, Clock clock) {
      this.writer = Objects.requireNonNull(writer, "writer");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PageWriteResult apply(MspTenantId msp, SyncPlan plan, Map<EntraObjectId, ContactLink> links,
        List<DirectoryChange> changes, boolean redelivered) {
      if (plan.writesNothing()) {
        return new PageWriteResult(SyncCounters.ZERO, List.of()); // an empty delta page: no transaction for nothing
      }
      wrote = true;
      return writer.apply(msp, plan, clock.instant());
    }

    @Override
    public boolean writes() {
      return true;
    }

    @Override
    public boolean wrote() {
      return wrote;
    }

    @Override
    public boolean stillPending(ContactLink link, Instant started) {
      // not seen by this round, or reported again by it
      return link.lastSeenAt() == null || link.lastSeenAt().isBefore(started) || !link.pendingSince().isBefore(started);
    }

    @Override
    public Map<EntraObjectId, TenantSyncService.Candidate> pendingNotStored() {
      return Map.of();
    }

    @Override
    public boolean seenNotStored(EntraObjectId objectId) {
      return false;
    }

    @Override
    public Set<EntraObjectId> heardNotStored() {
      return Set.of();
    }

    @Override
    public void recordDeletions(List<Removal> toApply, List<Removal> toHold) {}

    @Override
    public List<DryRunEntry> entries() {
      return List.of();
    }
  }
}
