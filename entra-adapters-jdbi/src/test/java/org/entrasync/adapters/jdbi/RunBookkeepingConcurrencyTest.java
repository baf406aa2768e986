package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.tenant;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.internal.sync.SyncRunService;
import org.entrasync.core.sync.RunRequest;
import org.entrasync.core.sync.TenantTarget;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run's progress when many tenants finish at once (a fan-out window of 16 records 16 results at the
 * same time), on PostgreSQL with real concurrent connections: nothing recorded is lost and nothing is
 * counted twice.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RunBookkeepingConcurrencyTest {
  private static final int THREADS = 8;
  private static final int TENANTS_PER_THREAD = 25;

  private final JdbiStorage storage;
  private final SyncRunService runs;

  RunBookkeepingConcurrencyTest(TestDatabase database) {
    storage = JdbiStorage.create(database.dataSource());
    runs = new SyncRunService(storage.syncRuns(), storage.mappings(), storage.managedTenants(),
        storage.referenceHostClients(), Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void countersRecordedConcurrentlyAddUp() throws Exception {
    MspTenantId msp = ContractData.newMsp("concurrent");
    int tenants = THREADS * TENANTS_PER_THREAD;
    storage.syncRuns().upsertRun(new SyncRun(msp, "run-c", "entrasync/" + msp + "/all", SyncKind.ALL, RunStatus.RUNNING,
        false, "alice", "all", tenants, 0, SyncCounters.ZERO, ContractData.at(0), null, null));

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    // the threads record each round's results at the same moment, as a full window's children finishing together
    CyclicBarrier together = new CyclicBarrier(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t * TENANTS_PER_THREAD;
        done.add(pool.submit(() -> {
          for (int n = first; n < first + TENANTS_PER_THREAD; n++) {
            TenantTarget target = new TenantTarget(tenant(n), "client-" + n);
            runs.tenantStarted(msp, "run-c", target);
            // every fifth tenant fails; the others created 2 contacts and left 3 unchanged
            boolean failed = n % 5 == 0;
            together.await();
            runs.tenantFinished(msp, new TenantSyncResult("run-c", target.tenantId(), target.clientId(),
                failed ? TenantRunStatus.FAILED : TenantRunStatus.COMPLETED,
                failed ? SyncCounters.ZERO : SyncCounters.ZERO.withCreated(2).withUnchanged(3), failed ? null : 5,
                null, failed ? "Consent missing" : null, null, ContractData.at(5)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    int completed = tenants - tenants / 5;
    SyncRun progress = storage.syncRuns().findRun(msp, "run-c").orElseThrow();
    assertThat(progress.processedTenants()).isEqualTo(tenants);
    assertThat(progress.counters()).isEqualTo(SyncCounters.ZERO.withCreated(2 * completed).withUnchanged(3 * completed));
    assertThat(storage.syncRuns().tenantResults(msp, "run-c")).hasSize(tenants)
        .allSatisfy(r -> assertThat(r.startedAt()).as("kept from tenantStarted").isNotNull());
  }
}
