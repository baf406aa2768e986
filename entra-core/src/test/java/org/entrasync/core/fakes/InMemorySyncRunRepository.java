package org.entrasync.core.fakes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.spi.MspTenantId;

/** Sync runs and per-tenant results in memory, per MSP tenant. Thread-safe. */
public final class InMemorySyncRunRepository implements SyncRunRepository {
  private final Map<MspTenantId, Map<String, SyncRun>> runs = new HashMap<>();
  /** Per MSP, per run id, per tenant id (sorted). */
  private final Map<MspTenantId, Map<String, TreeMap<String, TenantSyncResult>>> results = new HashMap<>();
  /** Insertion sequence of runs, to order runs that started at the same instant. */
  private final Map<MspTenantId, Map<String, Long>> sequence = new HashMap<>();
  private long nextSequence;

  @Override
  public synchronized void upsertRun(SyncRun run) {
    Objects.requireNonNull(run, "run");
    runs.computeIfAbsent(run.msp(), m -> new LinkedHashMap<>()).put(run.runId(), run);
    sequence.computeIfAbsent(run.msp(), m -> new HashMap<>()).computeIfAbsent(run.runId(), id -> nextSequence++);
  }

  @Override
  public synchronized Optional<SyncRun> findRun(MspTenantId msp, String runId) {
    return Optional.ofNullable(runs.getOrDefault(Objects.requireNonNull(msp, "msp"), Map.of()).get(runId));
  }

  @Override
  public synchronized List<SyncRun> listRuns(MspTenantId msp, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit cannot be negative");
    }
    Map<String, Long> order = sequence.getOrDefault(Objects.requireNonNull(msp, "msp"), Map.of());
    List<SyncRun> all = new ArrayList<>(runs.getOrDefault(msp, Map.of()).values());
    all.sort(Comparator.comparing(SyncRun::startedAt)
        .thenComparing(r -> order.getOrDefault(r.runId(), 0L))
        .reversed());
    return all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
  }

  @Override
  public synchronized void upsertTenantResult(MspTenantId msp, TenantSyncResult result) {
    Objects.requireNonNull(result, "result");
    Map<String, TenantSyncResult> ofRun = results.computeIfAbsent(Objects.requireNonNull(msp, "msp"), m -> new HashMap<>())
        .computeIfAbsent(result.runId(), r -> new TreeMap<>());
    if (result.status() == TenantRunStatus.RUNNING) {
      TenantSyncResult recorded = ofRun.get(result.tenantId().value());
      boolean runClosed = findRun(msp, result.runId()).map(run -> run.finishedAt() != null).orElse(false);
      if (runClosed || (recorded != null && recorded.status() != TenantRunStatus.RUNNING)) {
        return; // progress after the end: the record stands
      }
    }
    ofRun.put(result.tenantId().value(), result);
  }

  @Override
  public synchronized RecordedTenant recordTenantFinished(MspTenantId msp, TenantSyncResult result) {
    if (result.status() == TenantRunStatus.RUNNING) {
      throw new IllegalArgumentException("A running tenant has no final result to record");
    }
    SyncRun run = findRun(msp, result.runId())
        .orElseThrow(() -> new IllegalStateException("No run " + result.runId() + " for " + msp));
    TreeMap<String, TenantSyncResult> ofRun = results.computeIfAbsent(msp, m -> new HashMap<>())
        .computeIfAbsent(result.runId(), r -> new TreeMap<>());
    TenantSyncResult earlier = ofRun.get(result.tenantId().value());
    TenantSyncResult merged = result.over(earlier);
    ofRun.put(result.tenantId().value(), merged);
    boolean countedBefore = earlier != null && earlier.status() != TenantRunStatus.RUNNING;
    int processed = run.processedTenants() + (countedBefore ? 0 : 1);
    SyncCounters counters = run.counters().plus(merged.counters());
    if (countedBefore) {
      counters = minus(counters, earlier.counters());
    }
    upsertRun(new SyncRun(run.msp(), run.runId(), run.workflowId(), run.kind(), run.status(), run.dryRun(),
        run.initiatedBy(), run.scope(), Math.max(run.totalTenants(), processed), processed, counters, run.startedAt(),
        run.finishedAt(), run.error()));
    return new RecordedTenant(merged, run.dryRun());
  }

  private static SyncCounters minus(SyncCounters a, SyncCounters b) {
    return new SyncCounters(a.created() - b.created(), a.linked() - b.linked(), a.updated() - b.updated(),
        a.unchanged() - b.unchanged(), a.ambiguous() - b.ambiguous(), a.inactivated() - b.inactivated(),
        a.reactivated() - b.reactivated(), a.skipped() - b.skipped());
  }

  @Override
  public synchronized List<TenantSyncResult> tenantResults(MspTenantId msp, String runId) {
    return new ArrayList<>(results.getOrDefault(Objects.requireNonNull(msp, "msp"), Map.of())
        .getOrDefault(runId, new TreeMap<>()).values());
  }
}
