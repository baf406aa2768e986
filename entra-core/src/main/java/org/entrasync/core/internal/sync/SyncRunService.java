package org.entrasync.core.internal.sync;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.observe.LogKeys;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-level steps every sync path shares: open the run and decide its tenants (provisioning
 * clients for {@code create_new} decisions where the path may), record each tenant's result as it
 * arrives (so progress is readable while the run runs), and close the run with its final status.
 */
public final class SyncRunService {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRunService.class);

  /** Who is recorded as having promoted a provisioned {@code create_new} decision. */
  public static final String PROVISIONING_ACTOR = "entrasync:provisioning";

  private final SyncRunRepository runs;
  private final MappingRepository mappings;
  private final ManagedTenantRepository tenants;
  private final HostClientDirectory clients;
  private final Clock clock;
  private final SyncObserver observer;

  @Inject
  public SyncRunService(SyncRunRepository runs, MappingRepository mappings, ManagedTenantRepository tenants,
      HostClientDirectory clients, Clock clock) {
    this(runs, mappings, tenants, clients, clock, SyncObserver.NONE);
  }

  /** @param observer told of each run's start and end and of each tenant's end */
  public SyncRunService(SyncRunRepository runs, MappingRepository mappings, ManagedTenantRepository tenants,
      HostClientDirectory clients, Clock clock, SyncObserver observer) {
    this.observer = SyncObserver.failSafe(observer);
    this.runs = Objects.requireNonNull(runs, "runs");
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Opens (or re-opens, idempotently) the run and returns the tenants to sync. Initial, manual
   * all-tenants and single-client runs provision the client of a {@code create_new} decision and
   * promote it to {@code mapped}; scheduled runs and dry runs take {@code mapped} tenants only.
   */
  public List<TenantTarget> beginRun(RunRequest request) {
    Instant now = clock.instant();
    Optional<SyncRun> existing = runs.findRun(request.msp(), request.runId());
    List<TenantTarget> targets = new ArrayList<>();
    for (TenantMapping mapping : candidateMappings(request)) {
      if (mapping.state() == MappingState.MAPPED) {
        targets.add(new TenantTarget(mapping.tenantId(), mapping.clientId()));
      } else if (mapping.state() == MappingState.CREATE_NEW && request.kind().mayProvisionClients() && !request.dryRun()) {
        targets.add(new TenantTarget(mapping.tenantId(), provision(request.msp(), mapping, now)));
      }
    }
    targets.sort(Comparator.comparing(t -> t.tenantId().value()));
    runs.upsertRun(new SyncRun(request.msp(), request.runId(), request.workflowId(), request.kind(), RunStatus.RUNNING,
        request.dryRun(), request.initiatedBy(), request.scope(), targets.size(),
        Math.min(existing.map(SyncRun::processedTenants).orElse(0), targets.size()),
        existing.map(SyncRun::counters).orElse(SyncCounters.ZERO), existing.map(SyncRun::startedAt).orElse(now), null, null));
    if (existing.isEmpty()) {
      try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, request.msp().value(), LogKeys.RUN_ID, request.runId())) {
        LOG.info("Sync run {} started: {}{} of {} tenant(s)", request.runId(), request.kind().wireName(),
            request.dryRun() ? " dry run" : "", targets.size());
      }
      observer.runStarted(new SyncObserver.RunStarted(request.msp(), request.runId(), request.kind(), request.dryRun(),
          targets.size()));
    }
    return targets;
  }

  private List<TenantMapping> candidateMappings(RunRequest request) {
    if (request.kind() == SyncKind.CLIENT) {
      return mappings.findActiveByClient(request.msp(), request.clientId());
    }
    return mappings.listActive(request.msp());
  }

  /** Creates (or finds) the client of a create_new decision and promotes the decision to mapped. */
  private String provision(MspTenantId msp, TenantMapping mapping, Instant now) {
    ManagedTenant tenant = tenants.find(msp, mapping.tenantId())
        .orElseThrow(() -> new IllegalStateException("Mapped tenant " + mapping.tenantId() + " was never discovered"));
    HostClient client = clients.provisionClient(msp,
        new ClientDraft(tenant.id().value(), tenant.displayName(), tenant.primaryDomain()));
    mappings.saveDecisions(msp, List.of(new TenantMapping(msp, mapping.tenantId(), MappingState.MAPPED, client.id(),
        1.0, PROVISIONING_ACTOR, now)));
    return client.id();
  }

  /** Records that a tenant's sync started within the run. */
  public void tenantStarted(MspTenantId msp, String runId, TenantTarget target) {
    runs.upsertTenantResult(msp, new TenantSyncResult(runId, target.tenantId(), target.clientId(), TenantRunStatus.RUNNING,
        SyncCounters.ZERO, null, null, null, clock.instant(), null));
  }

  /**
   * Records a running tenant's counters so far (after each page), so progress can be read while it
   * runs and a tenant that fails part-way still reports what it did.
   */
  public void tenantProgress(MspTenantId msp, String runId, TenantTarget target, SyncCounters soFar, Instant startedAt) {
    runs.upsertTenantResult(msp, new TenantSyncResult(runId, target.tenantId(), target.clientId(), TenantRunStatus.RUNNING,
        soFar, null, null, null, startedAt, null));
  }

  /**
   * The progress of one tenant's sync as a listener of its checkpoints: what {@link #tenantProgress}
   * records, written only when it says something new. A tenant's running row is written once its
   * counters move, or at its first page when more pages follow (a long listing shows as running); a
   * one-page tenant that changed nothing writes no progress at all, its final result says it all.
   */
  public Progress progressOf(MspTenantId msp, String runId, TenantTarget target, Instant startedAt) {
    return new Progress(msp, runId, target, startedAt);
  }

  /** See {@link #progressOf}. Used by one sync attempt, on its thread. */
  public final class Progress implements SyncProgressListener {
    private final MspTenantId msp;
    private final String runId;
    private final TenantTarget target;
    private final Instant startedAt;
    /** The counters last written, or null before the first write. */
    private SyncCounters written;

    private Progress(MspTenantId msp, String runId, TenantTarget target, Instant startedAt) {
      this.msp = Objects.requireNonNull(msp, "msp");
      this.runId = Objects.requireNonNull(runId, "runId");
      this.target = Objects.requireNonNull(target, "target");
      this.startedAt = startedAt;
    }

    @Override
    public void pageApplied(SyncCheckpoint checkpoint) {
      if (worthWriting(written, checkpoint)) {
        tenantProgress(msp, runId, target, checkpoint.counters(), startedAt);
        written = checkpoint.counters();
      }
    }
  }

  /** Whether a checkpoint tells the run's progress something it has not recorded ({@link #progressOf}). */
  static boolean worthWriting(SyncCounters written, SyncCheckpoint checkpoint) {
    if (written != null) {
      return !written.equals(checkpoint.counters());
    }
    boolean morePages = !checkpoint.listingFinished() && checkpoint.pageCursor() != null;
    return morePages || checkpoint.counters().total() > 0;
  }

  /**
   * Records a tenant's final result (keeping the start time recorded by {@link #tenantStarted}) and
   * adds it to the run's progress in one atomic step, so progress can be read while the run goes on
   * and costs the same for the thousandth tenant as for the first.
   */
  public void tenantFinished(MspTenantId msp, TenantSyncResult result) {
    SyncRunRepository.RecordedTenant recorded = runs.recordTenantFinished(msp, result);
    reportTenant(msp, recorded.dryRun(), recorded.result());
  }

  /** As {@link #tenantFinished(MspTenantId, TenantSyncResult)}, with the tenant's round end in the same step. */
  public void tenantFinished(MspTenantId msp, TenantSyncResult result, ManagedTenantRepository.SyncEnd tenantEnd) {
    SyncRunRepository.RecordedTenant recorded = runs.recordTenantFinished(msp, result, tenants, tenantEnd);
    reportTenant(msp, recorded.dryRun(), recorded.result());
  }

  /** Closes the run: completed, partial (some tenants failed) or failed (all failed). */
  public RunStatus finishRun(MspTenantId msp, String runId, String error) {
    SyncRun run = runs.findRun(msp, runId).orElseThrow(() -> new IllegalStateException("No run " + runId + " for " + msp));
    List<TenantSyncResult> results = runs.tenantResults(msp, runId);
    long failed = results.stream().filter(r -> r.status() == TenantRunStatus.FAILED).count();
    long succeeded = results.stream().filter(r -> r.status() == TenantRunStatus.COMPLETED || r.status() == TenantRunStatus.SKIPPED).count();
    RunStatus status;
    if (error != null) {
      status = RunStatus.FAILED;
    } else if (failed == 0) {
      status = RunStatus.COMPLETED;
    } else if (succeeded == 0) {
      status = RunStatus.FAILED;
    } else {
      status = RunStatus.PARTIAL;
    }
    if (error == null && status == RunStatus.FAILED) {
      error = firstTenantError(results, failed);
    }
    SyncCounters sum = results.stream().map(TenantSyncResult::counters).reduce(SyncCounters.ZERO, SyncCounters::plus);
    int processed = (int) results.stream().filter(r -> r.status() != TenantRunStatus.RUNNING).count();
    Instant finishedAt = clock.instant();
    runs.upsertRun(withProgress(run, processed, sum, status, finishedAt, error));
    Duration took = nonNegative(run.startedAt(), finishedAt);
    try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, msp.value(), LogKeys.RUN_ID, runId)) {
      LOG.info("Sync run {} finished {}: {} of {} tenant(s) ({} failed) in {} ms; {}", runId, status.wireName(), processed,
          Math.max(run.totalTenants(), processed), failed, took.toMillis(), describe(sum));
    }
    observer.runFinished(new SyncObserver.RunFinished(msp, runId, run.kind(), run.dryRun(), status, processed, sum, took));
    return status;
  }

  /** A run's record left open by a workflow that ended without finishing it. */
  public static final String ABANDONED = "The run's workflow ended in Temporal without finishing (terminated or timed"
      + " out there, not by the library); the tenants it had not finished are marked failed. Start a new sync; nothing"
      + " it wrote is undone, and the next sync picks up where the tenants are.";

  /**
   * How long after its start a run must be missing from the engine's open workflows before its open
   * record counts as abandoned (its record is written by its first step, after the engine started it).
   */
  static final Duration ABANDON_GRACE = Duration.ofMinutes(2);

  /** How many of the MSP tenant's latest runs {@link #closeAbandonedRuns} looks at. */
  private static final int RECENT_RUNS = 50;

  /**
   * Closes the open records of the MSP tenant's runs the engine no longer runs (before a manual
   * launch, and as each run begins, so a scheduled run does it too). The engine is asked first and
   * the records read after, so a run that finishes in between has finished its record already; a run
   * started less than {@link #ABANDON_GRACE} ago is left alone, and so is everything when the
   * launcher cannot tell. Best effort: a failure here stops nothing.
   */
  public void closeAbandonedRuns(MspTenantId msp, SyncLauncher launcher) {
    if (launcher == null) {
      return;
    }
    try {
      Optional<Set<String>> open = launcher.openWorkflowIds(msp);
      if (open.isEmpty()) {
        return;
      }
      Instant startedBefore = clock.instant().minus(ABANDON_GRACE);
      for (SyncRun run : runs.listRuns(msp, RECENT_RUNS)) {
        if (run.finishedAt() == null && run.startedAt().isBefore(startedBefore)
            && !open.get().contains(run.workflowId()) && closeAbandoned(msp, run.runId(), ABANDONED)) {
          LOG.warn("Sync run {} of tenant {} was no longer running in Temporal; closed its record as failed",
              run.runId(), msp);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not check tenant {}'s open runs against Temporal ({}); nothing was changed", msp, e.getMessage());
    }
  }

  /**
   * Closes the record of a run whose workflow ended without finishing it (terminated or timed out in
   * the engine): each tenant still running fails with {@code why}, then the run fails with it. A run
   * already finished, or unknown, is left as it is.
   *
   * @return whether the run was closed here
   */
  public boolean closeAbandoned(MspTenantId msp, String runId, String why) {
    Objects.requireNonNull(why, "why");
    Optional<SyncRun> run = runs.findRun(msp, runId);
    if (run.isEmpty() || run.get().finishedAt() != null) {
      return false;
    }
    // Closed first: from then on an activity that outlived its workflow writes no running row
    // (SyncRunRepository.upsertTenantResult), so the running rows read after it are all there are;
    // finishRun then sums the tenants' final results into the run and reports it.
    Instant now = clock.instant();
    SyncRun open = run.get();
    runs.upsertRun(new SyncRun(msp, runId, open.workflowId(), open.kind(), RunStatus.FAILED, open.dryRun(),
        open.initiatedBy(), open.scope(), open.totalTenants(), open.processedTenants(), open.counters(), open.startedAt(),
        now, why));
    for (TenantSyncResult result : runs.tenantResults(msp, runId)) {
      if (result.status() == TenantRunStatus.RUNNING) {
        tenantFinished(msp, new TenantSyncResult(runId, result.tenantId(), result.clientId(), TenantRunStatus.FAILED,
            result.counters(), result.eligibleUsers(), result.eligibleObservedAt(), why, result.startedAt(), now,
            result.deletionsHeld()));
      }
    }
    finishRun(msp, runId, why);
    return true;
  }

  /** A run every tenant failed says why at run level: the first tenant to fail (a host's run list shows it). */
  private static String firstTenantError(List<TenantSyncResult> results, long failed) {
    return results.stream()
        .filter(r -> r.status() == TenantRunStatus.FAILED && r.error() != null)
        .min(java.util.Comparator.comparing(TenantSyncResult::finishedAt,
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .map(r -> "Every tenant failed (" + failed + "); the first: " + r.error())
        .orElse(null);
  }

  /**
   * Reports that an upstream throttled this MSP's work and asked to wait (the wait happens elsewhere:
   * in process, or as Temporal's next retry delay).
   *
   * @param tenantId the managed tenant being synced, or null
   */
  public void upstreamThrottled(MspTenantId msp, EntraTenantId tenantId, Duration wait) {
    try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, msp.value(),
        LogKeys.MANAGED_TENANT_ID, tenantId == null ? null : tenantId.value())) {
      LOG.warn("The upstream throttled {}; retrying after {} ms", tenantId == null ? "the partner's calls" : "tenant " + tenantId,
          wait.toMillis());
    }
    observer.upstreamThrottled(new SyncObserver.UpstreamThrottled(msp, tenantId, wait));
  }

  /**
   * Where the waits an adapter takes in process go ({@link UpstreamWork}): the observer's event only,
   * as the shared retry logs each wait itself.
   */
  public UpstreamWork.ThrottleListener inProcessThrottling() {
    return UpstreamWork.reportingTo(observer);
  }

  /** One INFO line per finished tenant (WARN when it failed), and the observer's event. */
  private void reportTenant(MspTenantId msp, boolean dryRun, TenantSyncResult result) {
    Duration took = result.startedAt() == null || result.finishedAt() == null
        ? Duration.ZERO : nonNegative(result.startedAt(), result.finishedAt());
    try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, msp.value(), LogKeys.RUN_ID, result.runId(),
        LogKeys.MANAGED_TENANT_ID, result.tenantId().value())) {
      if (result.status() == TenantRunStatus.FAILED) {
        // the error is the operator message (cause and remedy), never a token or an address
        LOG.warn("Tenant {} failed in run {} after {} ms: {}", result.tenantId(), result.runId(), took.toMillis(),
            result.error());
      } else {
        LOG.info("Tenant {} finished {} in run {} in {} ms; {}; eligible users {}; deletions held {}", result.tenantId(),
            result.status().wireName(), result.runId(), took.toMillis(), describe(result.counters()),
            result.eligibleUsers(), result.deletionsHeld());
      }
    }
    observer.tenantFinished(new SyncObserver.TenantFinished(msp, result.runId(), result.tenantId(), dryRun, result.status(),
        result.counters(), took, result.deletionsHeld()));
  }

  private static Duration nonNegative(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The counters as a log line shows them. */
  static String describe(SyncCounters c) {
    return "created=" + c.created() + " linked=" + c.linked() + " updated=" + c.updated() + " unchanged=" + c.unchanged()
        + " ambiguous=" + c.ambiguous() + " inactivated=" + c.inactivated() + " reactivated=" + c.reactivated()
        + " skipped=" + c.skipped();
  }

  private static SyncRun withProgress(SyncRun run, int processed, SyncCounters counters, RunStatus status, Instant finishedAt, String error) {
    return new SyncRun(run.msp(), run.runId(), run.workflowId(), run.kind(), status, run.dryRun(), run.initiatedBy(),
        run.scope(), Math.max(run.totalTenants(), processed), processed, counters, run.startedAt(), finishedAt, error);
  }
}
