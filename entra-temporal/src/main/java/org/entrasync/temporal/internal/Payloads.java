package org.entrasync.temporal.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.TenantTarget;

/**
 * Workflow and activity payloads: small records of ids and counters, never user lists or secrets.
 * Unknown fields are ignored so a worker can read payloads written by a newer or older version.
 */
public final class Payloads {
  private Payloads() {}

  /**
   * Input of every sync run workflow.
   *
   * @param continued where a run that continued as new goes on from; null when it starts (and in
   *     payloads written before runs continued as new)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunInput(String msp, String kind, String clientId, boolean dryRun, String initiatedBy,
      Continuation continued) {
    public RunInput(String msp, String kind, String clientId, boolean dryRun, String initiatedBy) {
      this(msp, kind, clientId, dryRun, initiatedBy, null);
    }

    RunInput continuing(Continuation next) {
      return new RunInput(msp, kind, clientId, dryRun, initiatedBy, next);
    }
  }

  /**
   * What a run carries into its next execution when it continues as new: the run id its rows are
   * kept under (the first execution's), its progress so far and the tenants it has not started, in
   * the order the run decided them.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Continuation(String runId, RunProgress progress, List<Target> remaining) {}

  /** The fan-out window and history bound a run's execution recorded when it started. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunSettings(int fanOutWindow, int maxRunHistoryEvents) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunResult(String runId, String status, int tenants, Counters counters) {}

  /** Progress of a run in flight (the workflow query). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunProgress(String runId, int totalTenants, int processedTenants, Counters counters) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DiscoveryInput(String msp, String initiatedBy) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Target(String tenantId, String clientId) {
    static Target of(TenantTarget t) {
      return new Target(t.tenantId().value(), t.clientId());
    }

    TenantTarget toCore() {
      return new TenantTarget(EntraTenantId.of(tenantId), clientId);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BeginRunInput(String msp, String runId, String workflowId, String kind, String clientId, boolean dryRun, String initiatedBy) {}

  /**
   * Input of the per-tenant child workflow and its sync activity.
   *
   * @param priority the listing priority's name ({@code LOW} for scheduled runs); absent in payloads
   *     written before it existed, which means {@code NORMAL}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TenantInput(String msp, String runId, String tenantId, String clientId, boolean dryRun, String priority) {
    ListingRequest.Priority listingPriority() {
      return priority == null ? ListingRequest.Priority.NORMAL : ListingRequest.Priority.valueOf(priority);
    }
  }

  /**
   * What one tenant's child reports to its parent.
   *
   * @param deletionsHeld inactivations the deletion-safety valve held back; null in results of older
   *     versions (none)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TenantResult(String tenantId, String status, Counters counters, Integer eligibleUsers, String observedAt, String error,
      Integer deletionsHeld) {
    TenantResult(String tenantId, String status, Counters counters, Integer eligibleUsers, String observedAt, String error) {
      this(tenantId, status, counters, eligibleUsers, observedAt, error, null);
    }

    int heldOrZero() {
      return deletionsHeld == null ? 0 : deletionsHeld;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Counters(int created, int linked, int updated, int unchanged, int ambiguous, int inactivated, int reactivated, int skipped) {
    static final Counters ZERO = of(SyncCounters.ZERO);

    static Counters of(SyncCounters c) {
      return new Counters(c.created(), c.linked(), c.updated(), c.unchanged(), c.ambiguous(), c.inactivated(), c.reactivated(), c.skipped());
    }

    SyncCounters toCore() {
      return new SyncCounters(created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped);
    }

    Counters plus(Counters o) {
      return of(toCore().plus(o.toCore()));
    }
  }

  /**
   * A tenant sync's checkpoint as heartbeat details. Fields added later are boxed and null when a
   * detail of an older version is read back.
   *
   * @param activeLinksBefore the deletion-safety base taken when the sync started
   * @param listingComplete / newDeltaCursor how the listing ended; {@code listingComplete} null while
   *     it runs
   * @param deletionsInactivated / deletionsHeld / deletionNote the round's deletion decision; {@code
   *     deletionsInactivated} null until it is made
   * @param fullListingNext the round must end by dropping the delta cursor
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Checkpoint(String mode, String deltaCursor, String pageCursor, int pagesApplied, int listedUsers,
      int eligibleUsers, Counters counters, String listingStartedAt, Integer activeLinksBefore,
      Boolean listingComplete, String newDeltaCursor, Integer deletionsInactivated, Integer deletionsHeld,
      String deletionNote, Boolean fullListingNext) {
    static Checkpoint of(SyncCheckpoint c) {
      SyncCheckpoint.ListingEnd end = c.listingEnd();
      SyncCheckpoint.DeletionStep step = c.deletions();
      return new Checkpoint(c.mode().name(), c.deltaCursor(), c.pageCursor(), c.pagesApplied(), c.listedUsers(),
          c.eligibleUsers(), Counters.of(c.counters()), c.listingStartedAt().toString(), c.activeLinksBefore(),
          end == null ? null : end.complete(), end == null ? null : end.newDeltaCursor(),
          step == null ? null : step.inactivated(), step == null ? null : step.held(), step == null ? null : step.note(),
          c.fullListingNext());
    }

    SyncCheckpoint toCore() {
      return new SyncCheckpoint(ListingRequest.Mode.valueOf(mode), deltaCursor, pageCursor, pagesApplied, listedUsers,
          eligibleUsers, counters == null ? SyncCounters.ZERO : counters.toCore(), Instant.parse(listingStartedAt),
          activeLinksBefore == null ? -1 : activeLinksBefore,
          listingComplete == null ? null : new SyncCheckpoint.ListingEnd(listingComplete, newDeltaCursor),
          deletionsInactivated == null ? null : new SyncCheckpoint.DeletionStep(deletionsInactivated,
              deletionsHeld == null ? 0 : deletionsHeld, deletionNote),
          Boolean.TRUE.equals(fullListingNext));
    }
  }

  static List<Target> targets(List<TenantTarget> targets) {
    return targets.stream().map(Target::of).toList();
  }
}
