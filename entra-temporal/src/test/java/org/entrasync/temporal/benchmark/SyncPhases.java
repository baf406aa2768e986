package org.entrasync.temporal.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;

/**
 * The measured phases that run the library: tenant syncs exactly as the Temporal activity runs
 * them ({@code TenantSyncService.sync} with a progress listener called after every applied page;
 * here it counts pages instead of heartbeating), and a pure Graph listing without applying
 * anything (what the emulator and the HTTP/JSON path cost on their own).
 */
final class SyncPhases {
  /** The tables a sync writes and plans from (the diagnostic ANALYZE). */
  static final String ANALYZE =
      "analyze entra_contact_links, entra_reconciliation_queue, psa_contacts, psa_contact_phones";

  private final BenchHost host;
  private final int parallelism;
  private final String analyze;

  SyncPhases(BenchHost host, int parallelism, String analyze) {
    this.host = host;
    this.parallelism = parallelism;
    this.analyze = analyze;
  }

  private void analyze() {
    host.storage.jdbi().useHandle(h -> h.execute(ANALYZE));
  }

  /** Full listing: drop the stored delta cursors first (as after an expired cursor). Not measured. */
  void forceFullListing(List<BenchHost.Tenant> tenants) {
    for (BenchHost.Tenant t : tenants) {
      host.storage.managedTenants().saveDeltaCursor(BenchHost.MSP, t.id(), null);
    }
  }

  /** Syncs every tenant (full listing or delta, whatever the stored cursor says) and measures it. */
  PhaseResult sync(String name, List<BenchHost.Tenant> tenants) {
    AtomicLong pages = new AtomicLong();
    AtomicLong listed = new AtomicLong();
    String runId = "bench-" + UUID.randomUUID();
    java.util.concurrent.atomic.AtomicBoolean analyzedOnce = new java.util.concurrent.atomic.AtomicBoolean();
    PhaseResult.Running running = new PhaseResult.Running(name, host.counter, host.timed, host.cpu);
    List<TenantSyncOutcome> outcomes = forEachTenant(tenants, t -> {
      long[] lastListed = {0};
      TenantSyncOutcome outcome = host.work.syncTenant(
          new TenantSyncCommand(BenchHost.MSP, t.id(), t.clientId(), runId, false, null),
          checkpoint -> {
            if (analyze.equals("page") || analyze.equals("once") && analyzedOnce.compareAndSet(false, true)) {
              analyze();
            }
            pages.incrementAndGet();
            listed.addAndGet(checkpoint.listedUsers() - lastListed[0]);
            lastListed[0] = checkpoint.listedUsers();
          });
      if (analyze.equals("tenant")) {
        analyze();
      }
      if (outcome.note() != null) {
        System.out.println("    note for tenant " + t.index() + ": " + outcome.note());
      }
      return outcome;
    });
    SyncCounters counters = SyncCounters.ZERO;
    for (TenantSyncOutcome outcome : outcomes) {
      counters = counters.plus(outcome.counters());
    }
    return running.stop(listed.get(), pages.get(), counters);
  }

  /** Lists every tenant through the Graph adapter, applying nothing. */
  PhaseResult pureListing(String name, List<BenchHost.Tenant> tenants) {
    AtomicLong pages = new AtomicLong();
    AtomicLong users = new AtomicLong();
    DirectoryGateway gateway = host.graphAdapter.directoryGateway();
    PhaseResult.Running running = new PhaseResult.Running(name, host.counter, host.timed, host.cpu);
    forEachTenant(tenants, t -> gateway.streamUsers(BenchHost.MSP, t.id(),
        ListingRequest.full(ListingRequest.DEFAULT_PAGE_SIZE), page -> {
          pages.incrementAndGet();
          users.addAndGet(page.changes().size());
        }));
    return running.stop(users.get(), pages.get(), SyncCounters.ZERO);
  }

  /**
   * Changes the job title of {@code perTenant} users of every tenant, spread evenly over the
   * listing, starting at {@code offset} within each stride (so two rounds touch different users).
   *
   * @return how many users changed
   */
  static int changeJobTitles(List<BenchHost.Tenant> tenants, int perTenant, int offset, String title) {
    int changed = 0;
    for (BenchHost.Tenant t : tenants) {
      EmulatedTenant tenant = t.emulated();
      int size = tenant.size();
      int stride = Math.max(1, size / perTenant);
      for (int k = 0; k < perTenant; k++) {
        int index = (k * stride + offset) % size;
        EmulatedUser user = tenant.page(index, 1).get(0);
        tenant.upsert(user.withJobTitle(title));
        changed++;
      }
    }
    return changed;
  }

  private interface TenantTask<T> {
    T run(BenchHost.Tenant tenant);
  }

  private <T> List<T> forEachTenant(List<BenchHost.Tenant> tenants, TenantTask<T> task) {
    List<T> out = new ArrayList<>();
    if (parallelism == 1) {
      for (BenchHost.Tenant t : tenants) {
        out.add(task.run(t));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (BenchHost.Tenant t : tenants) {
        futures.add(pool.submit(() -> task.run(t)));
      }
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A tenant sync failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
