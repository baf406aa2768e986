package org.entrasync.core.internal.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.internal.discovery.DiscoveryService;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.internal.sync.TenantSyncService;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.MspTenantId;

/** The workers' entry: delegation to the sync, run and discovery use cases, nothing more. */
public final class WorkerEntry implements WorkerUseCases {
  private final TenantSyncService tenantSync;
  private final SyncRunService runs;
  private final DiscoveryService discovery;
  private final Clock clock;

  private final SyncLauncher launcher;

  /** @param launcher the engine's launcher, or null when none is installed (no abandoned-run check) */
  public WorkerEntry(TenantSyncService tenantSync, SyncRunService runs, DiscoveryService discovery, Clock clock,
      SyncLauncher launcher) {
    this.launcher = launcher;
    this.tenantSync = Objects.requireNonNull(tenantSync, "tenantSync");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public int discover(MspTenantId msp) {
    try (UpstreamWork.Scope upstream = UpstreamWork.enter(msp, null, runs.inProcessThrottling())) {
      return discovery.discover(msp);
    }
  }

  @Override
  public List<TenantTarget> beginRun(RunRequest request) {
    runs.closeAbandonedRuns(request.msp(), launcher); // a scheduled run closes what an operator's launch would
    return runs.beginRun(request);
  }

  @Override
  public void tenantStarted(MspTenantId msp, String runId, TenantTarget target) {
    runs.tenantStarted(msp, runId, target);
  }

  @Override
  public TenantSyncOutcome syncTenant(TenantSyncCommand command, SyncProgressListener progress) {
    return tenantSync.sync(command, progress);
  }

  @Override
  public void tenantProgress(MspTenantId msp, String runId, TenantTarget target, SyncCounters soFar, Instant startedAt) {
    runs.tenantProgress(msp, runId, target, soFar, startedAt);
  }

  @Override
  public SyncProgressListener progressOf(MspTenantId msp, String runId, TenantTarget target, Instant startedAt) {
    return runs.progressOf(msp, runId, target, startedAt);
  }

  @Override
  public void tenantFinished(MspTenantId msp, TenantSyncResult result) {
    runs.tenantFinished(msp, result);
  }

  @Override
  public TenantSyncOutcome syncAndRecordTenant(TenantSyncCommand command, SyncProgressListener progress,
      java.util.function.Function<TenantSyncOutcome, TenantSyncResult> result) {
    return tenantSync.sync(command, progress, (end, outcome) -> runs.tenantFinished(command.msp(), result.apply(outcome), end));
  }

  @Override
  public RunStatus finishRun(MspTenantId msp, String runId, String error) {
    return runs.finishRun(msp, runId, error);
  }

  @Override
  public void upstreamThrottled(MspTenantId msp, EntraTenantId tenantId, Duration wait) {
    runs.upstreamThrottled(msp, tenantId, wait);
  }
}
