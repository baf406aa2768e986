package org.entrasync.core.internal.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.internal.Inputs;
import org.entrasync.core.internal.Preconditions;
import org.entrasync.core.internal.schedule.Schedules;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.in.ScheduleOutcome;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.core.rules.WizardState;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting work and following it: discovery, the sync paths with their wizard and connection checks,
 * dry runs and the synchronous client preview, waiting for a run, and the run history.
 */
public final class SyncLaunching {
  private static final Logger LOG = LoggerFactory.getLogger(SyncLaunching.class);
  private static final int DEFAULT_HISTORY = 50;

  private final SyncLauncher launcher;
  private final Preconditions preconditions;
  private final TenantSyncService tenantSync;
  private final SyncRunRepository runs;
  private final SyncSettingsRepository settings;
  private final Schedules schedules;
  private final SyncRunService runRecords;

  public SyncLaunching(SyncLauncher launcher, Preconditions preconditions, TenantSyncService tenantSync, SyncRunRepository runs,
      SyncSettingsRepository settings, Schedules schedules, SyncRunService runRecords) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.preconditions = Objects.requireNonNull(preconditions, "preconditions");
    this.tenantSync = Objects.requireNonNull(tenantSync, "tenantSync");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.runRecords = Objects.requireNonNull(runRecords, "runRecords");
  }

  /** Starts the discovery workflow (or joins the one in flight). */
  public LaunchedRun discover(Actor actor) {
    preconditions.requireConnected(actor.tenant());
    return launcher.startDiscovery(actor.tenant(), actor.userId());
  }

  /** The wizard's initial sync; refused until at least one mapping is confirmed. */
  public LaunchedRun startInitial(Actor actor) {
    preconditions.requireConnected(actor.tenant());
    preconditions.wizardAllows(actor.tenant(), WizardState.Step.INITIAL_SYNC);
    return launchInitial(actor).run();
  }

  /** A started initial sync and what became of the recurring sync it sets up. */
  public record Initial(LaunchedRun run, ScheduleOutcome schedule) {}

  /** Starts the initial sync, then keeps the recurring sync (best effort: the run stands either way). */
  public Initial launchInitial(Actor actor) {
    LaunchedRun run = startSync(actor.tenant(), SyncKind.INITIAL, null, false, actor.userId());
    return new Initial(run, schedules.keep(actor.tenant(), settings.get(actor.tenant()).intervalMinutes()));
  }

  public LaunchedRun syncAll(Actor actor) {
    preconditions.requireConnected(actor.tenant());
    return startSync(actor.tenant(), SyncKind.ALL, null, false, actor.userId());
  }

  public LaunchedRun syncClient(Actor actor, String clientId) {
    preconditions.requireConnected(actor.tenant());
    preconditions.requireMappedClient(actor.tenant(), clientId);
    return startSync(actor.tenant(), SyncKind.CLIENT, clientId, false, actor.userId());
  }

  /** A recorded dry run of a path (the guard, which depends on the kind, has run). */
  public LaunchedRun startDryRun(Actor actor, SyncKind kind, String clientId) {
    if (kind == null) {
      throw Inputs.invalid("The kind of sync to dry-run is required (initial, all or client).");
    }
    preconditions.requireConnected(actor.tenant());
    if (kind == SyncKind.CLIENT) {
      preconditions.requireMappedClient(actor.tenant(), clientId);
    } else if (kind == SyncKind.SCHEDULED) {
      throw new RefusedException(Refusal.VALIDATION, "Scheduled runs are started by the schedule, not by an operator.");
    }
    return startSync(actor.tenant(), kind, clientId, true, actor.userId());
  }

  /** What a sync of one client would do, identity by identity, computed now and written nowhere. */
  public List<TenantSyncOutcome> previewClient(Actor actor, String clientId) {
    preconditions.requireConnected(actor.tenant());
    List<TenantMapping> mapped = preconditions.requireMappedClient(actor.tenant(), clientId);
    List<TenantSyncOutcome> outcomes = new ArrayList<>();
    for (TenantMapping mapping : mapped) {
      if (mapping.state() == MappingState.MAPPED) {
        outcomes.add(tenantSync.sync(TenantSyncCommand.preview(actor.tenant(), mapping.tenantId(), clientId),
            SyncProgressListener.NONE));
      }
    }
    return outcomes;
  }

  /**
   * Waits for a run of the actor's tenant to finish, at most {@code timeout}; empty while it runs. A
   * run that ended in the engine without finishing its record (terminated, timed out) fails, and its
   * record is closed to say so.
   */
  public Optional<RunStatus> await(Actor actor, LaunchedRun run, Duration timeout) {
    if (run == null || !launcher.belongsTo(run, actor.tenant())) {
      throw new RefusedException(Refusal.VALIDATION, "That run does not belong to this tenant.");
    }
    Optional<RunStatus> status = launcher.awaitCompletion(run, timeout);
    if (status.isPresent() && status.get() == RunStatus.FAILED
        && runRecords.closeAbandoned(actor.tenant(), run.runId(), SyncRunService.ABANDONED)) {
      LOG.warn("Sync run {} ended in Temporal without finishing its record; closed it as failed", run.runId());
    }
    return status;
  }

  /** Closes the records of the MSP tenant's runs whose workflow is gone, then starts the sync. */
  private LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
    runRecords.closeAbandonedRuns(msp, launcher);
    return launcher.startSync(msp, kind, clientId, dryRun, initiatedBy);
  }

  public Optional<SyncRun> run(MspTenantId msp, String runId) {
    return runs.findRun(msp, runId);
  }

  /** Runs, most recent first ({@code limit} 0 or less: the last 50). */
  public List<SyncRun> history(MspTenantId msp, int limit) {
    return runs.listRuns(msp, limit <= 0 ? DEFAULT_HISTORY : limit);
  }

  public List<TenantSyncResult> tenants(MspTenantId msp, String runId) {
    return runs.tenantResults(msp, runId);
  }
}
