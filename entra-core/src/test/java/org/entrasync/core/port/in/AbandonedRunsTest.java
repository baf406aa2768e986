package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose workflow ended in the engine without finishing its record (an operator terminated it
 * in Temporal's UI, or it timed out there) does not stay "in flight" in the database: the next launch
 * for the MSP tenant, the next run beginning on the worker (a scheduled one too), or a wait for that
 * run, closes its record as failed, saying why. A run the
 * engine still runs, one started moments ago, and any run when the launcher cannot tell, are left
 * alone.
 */
class AbandonedRunsTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-abandoned");
  private static final Actor ADMIN = Actor.internal(MSP, "alice");
  private static final EntraTenantId T1 = EntraTenantId.of("11111111-1111-4111-8111-111111111111");
  private static final EntraTenantId T2 = EntraTenantId.of("22222222-2222-4222-8222-222222222222");

  private final InMemoryEntrasync core = InMemoryEntrasync.create();
  private final Engine engine = new Engine();
  private EntraIntegration entra;
  private WorkerUseCases workers;
  private Instant now;

  @BeforeEach
  void setUp() {
    core.flags().enableAllPhase1(MSP);
    core.connect(MSP, ConnectionType.DIRECT);
    entra = EntraIntegration.builder().edition(Edition.ENTERPRISE).secrets(core.secrets())
        .flags(core.flags()).access(StaticAccessPolicy.allowAll()).clock(core.clock())
        .install(core.plugin()).install(in -> in.launcher(engine)).install(in -> in.workers(w -> workers = w)).build();
    now = core.clock().instant();
    // terminated mid-run: one tenant done, one still marked running
    openRun("run-gone", "entrasync/msp-abandoned/all", now.minus(Duration.ofMinutes(10)));
    core.runs().upsertTenantResult(MSP, result("run-gone", T1, TenantRunStatus.COMPLETED, 5, now.minus(Duration.ofMinutes(9))));
    core.runs().upsertTenantResult(MSP, result("run-gone", T2, TenantRunStatus.RUNNING, 3, null));
    openRun("run-still-running", "entrasync/msp-abandoned/client/c1", now.minus(Duration.ofMinutes(10)));
    openRun("run-just-started", "entrasync/msp-abandoned/initial", now.minus(Duration.ofSeconds(30)));
    core.runs().upsertRun(new SyncRun(MSP, "run-done", "entrasync/msp-abandoned/all", SyncKind.ALL, RunStatus.COMPLETED,
        false, "alice", "all", 1, 1, SyncCounters.ZERO, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), null));
  }

  private void openRun(String runId, String workflowId, Instant startedAt) {
    core.runs().upsertRun(new SyncRun(MSP, runId, workflowId, SyncKind.ALL, RunStatus.RUNNING, false, "alice", "all", 2, 0,
        SyncCounters.ZERO, startedAt, null, null));
  }

  private static TenantSyncResult result(String runId, EntraTenantId tenant, TenantRunStatus status, int created,
      Instant finishedAt) {
    return new TenantSyncResult(runId, tenant, "client-" + tenant.value().charAt(0), status,
        SyncCounters.ZERO.withCreated(created), null, null, null, Instant.EPOCH, finishedAt);
  }

  private SyncRun run(String runId) {
    return core.runs().findRun(MSP, runId).orElseThrow();
  }

  @Test
  void theNextLaunchClosesTheRecordOfARunTheEngineNoLongerRuns() {
    engine.open = Optional.of(Set.of("entrasync/msp-abandoned/client/c1"));

    entra.syncAllTenants(ADMIN);

    SyncRun closed = run("run-gone");
    assertThat(closed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(closed.finishedAt()).isEqualTo(now);
    assertThat(closed.error()).contains("ended in Temporal without finishing").contains("Start a new sync");
    assertThat(closed.counters().created()).isEqualTo(8); // what its tenants had written stays counted
    assertThat(core.runs().tenantResults(MSP, "run-gone")).satisfiesExactlyInAnyOrder(
        t1 -> assertThat(t1.status()).isEqualTo(TenantRunStatus.COMPLETED),
        t2 -> {
          assertThat(t2.tenantId()).isEqualTo(T2);
          assertThat(t2.status()).isEqualTo(TenantRunStatus.FAILED);
          assertThat(t2.error()).contains("terminated or timed out");
          assertThat(t2.counters().created()).isEqualTo(3);
          assertThat(t2.finishedAt()).isEqualTo(now);
        });
    assertThat(run("run-still-running").finishedAt()).isNull(); // the engine still runs it
    assertThat(run("run-just-started").finishedAt()).isNull(); // its workflow may not be listed yet
    assertThat(run("run-done").status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(engine.started).isEqualTo(1);
  }

  @Test
  void aRunBeginningOnTheWorkerClosesThemTooSoAScheduledRunDoes() {
    String scheduled = "entrasync/msp-abandoned/all-2026-12-05T10:00:00Z";
    engine.open = Optional.of(Set.of("entrasync/msp-abandoned/client/c1", scheduled));

    workers.beginRun(new RunRequest(MSP, "run-scheduled", scheduled, SyncKind.SCHEDULED, null, false, "schedule"));

    assertThat(run("run-gone").status()).isEqualTo(RunStatus.FAILED);
    assertThat(run("run-gone").error()).contains("ended in Temporal without finishing");
    assertThat(run("run-still-running").finishedAt()).isNull();
    assertThat(run("run-scheduled").status()).isEqualTo(RunStatus.RUNNING);
    assertThat(engine.started).isZero(); // the worker only records; nothing is launched
  }

  @Test
  void aLauncherThatCannotTellLeavesEveryRecordAsItIs() {
    engine.open = Optional.empty();

    entra.syncAllTenants(ADMIN);

    assertThat(run("run-gone").finishedAt()).isNull();
    assertThat(core.runs().tenantResults(MSP, "run-gone")).extracting(TenantSyncResult::status)
        .contains(TenantRunStatus.RUNNING);
    assertThat(engine.started).isEqualTo(1);
  }

  @Test
  void aWaitForARunThatEndedWithoutFinishingClosesItsRecord() {
    engine.awaited = Optional.of(RunStatus.FAILED);

    assertThat(entra.awaitRun(ADMIN, new SyncLauncherRun("entrasync/msp-abandoned/all", "run-gone").launched(),
        Duration.ofSeconds(1))).contains(RunStatus.FAILED);

    assertThat(run("run-gone").status()).isEqualTo(RunStatus.FAILED);
    assertThat(run("run-gone").error()).contains("ended in Temporal without finishing");
    assertThat(run("run-still-running").finishedAt()).isNull(); // only the run waited for
  }

  @Test
  void aFailedRunThatFinishedItsRecordKeepsItsOwnReason() {
    engine.awaited = Optional.of(RunStatus.FAILED);
    core.runs().upsertRun(new SyncRun(MSP, "run-cancelled", "entrasync/msp-abandoned/all", SyncKind.ALL, RunStatus.FAILED,
        false, "alice", "all", 1, 1, SyncCounters.ZERO, now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(4)),
        "Stopped: the connection was disconnected."));

    entra.awaitRun(ADMIN, new SyncLauncherRun("entrasync/msp-abandoned/all", "run-cancelled").launched(), Duration.ofSeconds(1));

    assertThat(run("run-cancelled").error()).isEqualTo("Stopped: the connection was disconnected.");
    assertThat(run("run-cancelled").finishedAt()).isEqualTo(now.minus(Duration.ofMinutes(4)));
  }

  private record SyncLauncherRun(String workflowId, String runId) {
    org.entrasync.core.port.out.SyncLauncher.LaunchedRun launched() {
      return new org.entrasync.core.port.out.SyncLauncher.LaunchedRun(workflowId, runId, false);
    }
  }

  /** The engine: which workflows it still runs, what a wait answers; it starts what it is asked to. */
  private static final class Engine extends NoLauncher {
    Optional<Set<String>> open = Optional.empty();
    Optional<RunStatus> awaited = Optional.empty();
    int started;

    @Override
    public LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
      started++;
      return new LaunchedRun("entrasync/" + msp.value() + "/" + kind.wireName(), "run-new-" + started, false);
    }

    @Override
    public boolean belongsTo(LaunchedRun run, MspTenantId msp) {
      return run.workflowId().startsWith("entrasync/" + msp.value() + "/");
    }

    @Override
    public Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout) {
      return awaited;
    }

    @Override
    public Optional<Set<String>> openWorkflowIds(MspTenantId msp) {
      return open;
    }
  }
}
