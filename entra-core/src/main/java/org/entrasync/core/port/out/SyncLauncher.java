package org.entrasync.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.spi.MspTenantId;

/** Starts workflows (implemented by the Temporal module). Every sync path runs through it. */
public interface SyncLauncher {

  /**
   * Starts a sync workflow, or returns the run already in flight under the same workflow id.
   *
   * @param clientId required for {@link SyncKind#CLIENT}, null otherwise
   */
  LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy);

  /** Starts the discovery workflow (or returns the one in flight). */
  LaunchedRun startDiscovery(MspTenantId msp, String initiatedBy);

  /** Whether {@code run} is a workflow of this MSP tenant (callers may only await their own runs). */
  boolean belongsTo(LaunchedRun run, MspTenantId msp);

  /**
   * Stops every workflow of this MSP tenant still running (syncs of every path, their per-tenant
   * children, discovery): its connection was disconnected or switched, so nothing may keep working
   * with the old credentials. A stopped run ends {@code failed}, saying why. Returns how many
   * workflows were asked to stop.
   */
  int cancelRunning(MspTenantId msp);

  /**
   * Waits for a run to finish, at most {@code timeout}; its final status, or empty while a worker
   * works on it.
   *
   * @throws org.entrasync.spi.EntraUnavailableException ({@code NO_WORKER}) when no worker takes the
   *     run up (none polls its task queue): waiting longer would not help
   */
  Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout);

  /**
   * The MSP tenant's discovery that is still running, if any (the wizard tells an operator who tries
   * to map too early that one is under way). Default: not known.
   */
  default Optional<Unfinished> unfinishedDiscovery(MspTenantId msp) {
    return Optional.empty();
  }

  /**
   * The workflow ids of the MSP tenant's runs and discovery the engine still runs (a continued run
   * keeps its id), or empty when this launcher cannot tell. Used to close the record of a run whose
   * workflow ended without finishing it (terminated or timed out in the engine). Default: cannot tell.
   */
  default Optional<Set<String>> openWorkflowIds(MspTenantId msp) {
    return Optional.empty();
  }

  /**
   * Work started and not finished.
   *
   * @param startedAt when it started
   * @param noWorker the operator message when no worker takes it up (none polls its task queue), else null
   */
  record Unfinished(Instant startedAt, String noWorker) {
    public Unfinished {
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /**
   * @param alreadyRunning true when an identical start was already in flight and this call joined it
   */
  record LaunchedRun(String workflowId, String runId, boolean alreadyRunning) {
    public LaunchedRun {
      Objects.requireNonNull(workflowId, "workflowId");
      Objects.requireNonNull(runId, "runId");
    }
  }
}
