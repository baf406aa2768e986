package org.entrasync.temporal.internal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;

/**
 * Adapts the activities onto the core use cases and turns the library's errors into Temporal
 * failures: a rejected call (bad credentials, missing consent) is non-retryable; an unavailable one
 * retries, after the {@code Retry-After} the remote side asked for when it asked.
 */
public final class EntraActivitiesImpl implements EntraActivities {
  private final WorkerUseCases useCases;
  private final Clock clock;

  public EntraActivitiesImpl(WorkerUseCases useCases) {
    this.useCases = Objects.requireNonNull(useCases, "useCases");
    this.clock = useCases.clock();
  }

  @Override
  public int discover(Payloads.DiscoveryInput input) {
    try (HeartbeatTicker ticker = new HeartbeatTicker(Activity.getExecutionContext(), null)) {
      return translated(MspTenantId.of(input.msp()), null, () -> useCases.discover(MspTenantId.of(input.msp())));
    }
  }

  @Override
  public List<Payloads.Target> beginRun(Payloads.BeginRunInput in) {
    return translated(() -> Payloads.targets(useCases.beginRun(new RunRequest(MspTenantId.of(in.msp()), in.runId(),
        in.workflowId(), WireNamed.fromWire(SyncKind.class, in.kind()), in.clientId(), in.dryRun(), in.initiatedBy()))));
  }

  @Override
  public void tenantStarted(Payloads.TenantInput in) {
    translated(() -> {
      useCases.tenantStarted(MspTenantId.of(in.msp()), in.runId(), new TenantTarget(EntraTenantId.of(in.tenantId()), in.clientId()));
      return null;
    });
  }

  @Override
  public Payloads.TenantResult syncTenant(Payloads.TenantInput in) {
    return synced(in, false);
  }

  @Override
  public Payloads.TenantResult syncAndRecordTenant(Payloads.TenantInput in) {
    // the result is recorded with the tenant's round end (cursor, count): one write, one commit
    return synced(in, true);
  }

  private Payloads.TenantResult synced(Payloads.TenantInput in, boolean record) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    SyncCheckpoint resumeFrom = context.getHeartbeatDetails(Payloads.Checkpoint.class).map(Payloads.Checkpoint::toCore).orElse(null);
    TenantSyncCommand command = new TenantSyncCommand(MspTenantId.of(in.msp()), EntraTenantId.of(in.tenantId()), in.clientId(),
        in.runId(), in.dryRun(), resumeFrom, in.listingPriority());
    MspTenantId msp = MspTenantId.of(in.msp());
    TenantTarget target = new TenantTarget(EntraTenantId.of(in.tenantId()), in.clientId());
    Instant startedAt = resumeFrom == null ? clock.instant() : resumeFrom.listingStartedAt();
    SyncProgressListener progress = useCases.progressOf(msp, in.runId(), target, startedAt);
    TenantSyncOutcome outcome;
    try (HeartbeatTicker ticker = new HeartbeatTicker(context, resumeFrom == null ? null : Payloads.Checkpoint.of(resumeFrom))) {
      SyncProgressListener pages = checkpoint -> {
        ticker.update(Payloads.Checkpoint.of(checkpoint));
        progress.pageApplied(checkpoint);
      };
      outcome = translated(msp, target.tenantId(), () -> record
          ? useCases.syncAndRecordTenant(command, pages, o -> finalResult(in, resultOf(in, o), startedAt))
          : useCases.syncTenant(command, pages));
    }
    return resultOf(in, outcome);
  }

  private static Payloads.TenantResult resultOf(Payloads.TenantInput in, TenantSyncOutcome outcome) {
    return new Payloads.TenantResult(in.tenantId(), TenantRunStatus.COMPLETED.wireName(),
        Payloads.Counters.of(outcome.counters()), outcome.eligibleUsers(), outcome.observedAt().toString(), outcome.note(),
        outcome.deletionsHeld());
  }

  @Override
  public void tenantFinished(Payloads.TenantInput in, Payloads.TenantResult result) {
    record(in, result, null);
  }

  private void record(Payloads.TenantInput in, Payloads.TenantResult result, Instant startedAt) {
    translated(() -> {
      useCases.tenantFinished(MspTenantId.of(in.msp()), finalResult(in, result, startedAt));
      return null;
    });
  }

  /** A tenant's final result as the run records it, finished now. */
  private TenantSyncResult finalResult(Payloads.TenantInput in, Payloads.TenantResult result, Instant startedAt) {
    return new TenantSyncResult(in.runId(), EntraTenantId.of(in.tenantId()), in.clientId(),
        WireNamed.fromWire(TenantRunStatus.class, result.status()),
        result.counters() == null ? null : result.counters().toCore(),
        result.eligibleUsers(), result.observedAt() == null ? null : Instant.parse(result.observedAt()),
        result.error(), startedAt, clock.instant(), result.heldOrZero());
  }

  @Override
  public String finishRun(String msp, String runId, String error) {
    return translated(() -> useCases.finishRun(MspTenantId.of(msp), runId, error).wireName());
  }

  private interface Call<T> {
    T call();
  }

  /**
   * {@link #translated(Call)} for a call to an upstream: a throttled call that hands its wait to Temporal
   * is reported (a WARN line and the observer's event) before Temporal waits.
   */
  private <T> T translated(MspTenantId msp, EntraTenantId tenantId, Call<T> call) {
    try {
      return call.call();
    } catch (EntraUnavailableException e) {
      e.retryAfter().ifPresent(wait -> useCases.upstreamThrottled(msp, tenantId, wait));
      throw failure(e);
    } catch (EntraException e) {
      throw failure(e);
    }
  }

  private static <T> T translated(Call<T> call) {
    try {
      return call.call();
    } catch (EntraException e) {
      throw failure(e);
    }
  }

  /**
   * The Temporal failure of a library error. A rejection is non-retryable; it and a throttled call are
   * expected outcomes with an operator message of their own, so they are BENIGN: the worker logs them
   * at DEBUG, without the stack trace it prints for other failures at WARN.
   */
  static ApplicationFailure failure(EntraException e) {
    ApplicationFailure.Builder failure = ApplicationFailure.newBuilder().setMessage(e.getMessage()).setType(failureType(e))
        .setDetails(LibraryFailures.details(e)); // so a workflow failed with it reaches the host as this exception
    if (e instanceof EntraUnavailableException unavailable) {
      unavailable.retryAfter().ifPresent(delay -> failure.setNextRetryDelay(delay).setCategory(ApplicationErrorCategory.BENIGN));
      return failure.build();
    }
    return failure.setNonRetryable(true).setCategory(ApplicationErrorCategory.BENIGN).build();
  }

  /** The failure type Temporal records: the library's exception class, for operators and tests. */
  static String failureType(EntraException e) {
    return e.getClass().getSimpleName();
  }
}
