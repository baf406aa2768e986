package org.entrasync.core.port.out;

import java.time.Duration;
import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.spi.MspTenantId;

/**
 * What a sync does, told as it happens, for a host's metrics (the Micrometer binder in entra-temporal
 * is one implementation). Every method has a no-op default; {@link #NONE} observes nothing. The host
 * installs one on the facade builder; the use cases call it on the thread doing the work, so an
 * implementation must be thread-safe and quick. A failing observer never fails a sync: its exception
 * is logged and dropped ({@link #failSafe}). No event carries a secret, a token or a user's address.
 */
public interface SyncObserver {
  SyncObserver NONE = new SyncObserver() {};

  /** A run was opened (once per run, not on a workflow retry of its opening). */
  default void runStarted(RunStarted event) {}

  /** A run was closed with its final status. */
  default void runFinished(RunFinished event) {}

  /** One tenant's sync within a run ended (completed, failed or skipped). */
  default void tenantFinished(TenantFinished event) {}

  /** One page of a tenant's users was planned and applied. */
  default void pageApplied(PageApplied event) {}

  /** An upstream (Graph, the identity platform, CIPP) throttled a call and asked to wait. */
  default void upstreamThrottled(UpstreamThrottled event) {}

  /** The deletion-safety valve held a tenant's inactivations back. */
  default void deletionsHeld(DeletionsHeld event) {}

  record RunStarted(MspTenantId msp, String runId, SyncKind kind, boolean dryRun, int totalTenants) {
    public RunStarted {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(kind, "kind");
    }
  }

  record RunFinished(MspTenantId msp, String runId, SyncKind kind, boolean dryRun, RunStatus status,
      int processedTenants, SyncCounters counters, Duration duration) {
    public RunFinished {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(counters, "counters");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** @param duration from the tenant's start to its end, or zero when the start was not recorded */
  record TenantFinished(MspTenantId msp, String runId, EntraTenantId tenantId, boolean dryRun, TenantRunStatus status,
      SyncCounters counters, Duration duration, int deletionsHeld) {
    public TenantFinished {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(counters, "counters");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * @param runId null for a preview
   * @param pageIndex the page's position in its listing (0-based)
   * @param changes the directory entries the page carried
   */
  record PageApplied(MspTenantId msp, String runId, EntraTenantId tenantId, int pageIndex, int changes, boolean dryRun) {
    public PageApplied {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(tenantId, "tenantId");
    }
  }

  /**
   * @param tenantId the managed tenant whose call was throttled, or null (discovery, the partner)
   * @param retryAfter how long the upstream asked to wait
   */
  record UpstreamThrottled(MspTenantId msp, EntraTenantId tenantId, Duration retryAfter) {
    public UpstreamThrottled {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  record DeletionsHeld(MspTenantId msp, EntraTenantId tenantId, HoldReason reason, int count) {
    public DeletionsHeld {
      Objects.requireNonNull(msp, "msp");
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code observer}, with each event's exception logged and dropped: metrics never fail a sync. */
  static SyncObserver failSafe(SyncObserver observer) {
    Objects.requireNonNull(observer, "observer");
    return observer instanceof FailSafeSyncObserver ? observer : new FailSafeSyncObserver(observer);
  }
}
