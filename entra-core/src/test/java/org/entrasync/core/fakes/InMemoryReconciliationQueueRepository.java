package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.spi.MspTenantId;

/**
 * The reconciliation queue in memory, per MSP tenant: every item ever queued is kept (closed items
 * as history), with at most one open item per identity. Thread-safe.
 */
public final class InMemoryReconciliationQueueRepository implements ReconciliationQueueRepository {
  /** Per MSP: every item in insertion order (the sequence breaks ties of equal creation times). */
  private final Map<MspTenantId, List<Entry>> items = new HashMap<>();
  private long nextSequence;
  private int latestReads;

  /** How many times {@link #findLatestByObjectIds} was called (what a page's planning reads). */
  public synchronized int latestReads() {
    return latestReads;
  }

  @Override
  public synchronized Map<EntraObjectId, ReconciliationItem> findLatestByObjectIds(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    latestReads++;
    Map<EntraObjectId, ReconciliationItem> latest = new LinkedHashMap<>();
    for (EntraObjectId objectId : objectIds) {
      of(msp).stream()
          .filter(e -> e.item.tenantId().equals(tenantId) && e.item.objectId().equals(objectId))
          .max(Comparator.comparing((Entry e) -> e.item.createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparingLong(e -> e.sequence))
          .ifPresent(e -> latest.put(objectId, e.item));
    }
    return latest;
  }

  @Override
  public synchronized void upsertOpen(MspTenantId msp, List<ReconciliationItem> batch) {
    List<Entry> all = items.computeIfAbsent(Objects.requireNonNull(msp, "msp"), m -> new ArrayList<>());
    for (ReconciliationItem item : batch) {
      Optional<Entry> open = openEntry(msp, item.tenantId(), item.objectId());
      if (open.isPresent()) {
        ReconciliationItem o = open.get().item;
        open.get().item = new ReconciliationItem(o.tenantId(), o.objectId(), item.clientId(), item.email(), item.displayName(),
            item.candidateContactIds(), QueueStatus.OPEN, null, null, o.createdAt(), null, item.values());
      } else {
        all.add(new Entry(new ReconciliationItem(item.tenantId(), item.objectId(), item.clientId(), item.email(),
            item.displayName(), item.candidateContactIds(), QueueStatus.OPEN, null, null, item.createdAt(), null,
            item.values()), nextSequence++));
      }
    }
  }

  @Override
  public synchronized List<ReconciliationItem> listOpen(MspTenantId msp) {
    return of(msp).stream()
        .filter(e -> e.item.status() == QueueStatus.OPEN)
        .sorted(Comparator.comparing((Entry e) -> e.item.createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(e -> e.sequence))
        .map(e -> e.item)
        .toList();
  }

  @Override
  public synchronized Optional<ReconciliationItem> findOpen(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId) {
    return openEntry(msp, tenantId, objectId).map(e -> e.item);
  }

  @Override
  public synchronized boolean close(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId, Resolution resolution, String by, Instant at) {
    Objects.requireNonNull(resolution, "resolution");
    Optional<Entry> open = openEntry(msp, tenantId, objectId);
    if (open.isEmpty()) {
      return false;
    }
    ReconciliationItem o = open.get().item;
    open.get().item = o.withState(resolution.status(), resolution.text(), by, at);
    return true;
  }

  /** One pass over the queue, as the port asks of real implementations. */
  @Override
  public synchronized void resolveOpen(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Resolution> resolutions, Instant at) {
    for (Entry e : of(msp)) {
      ReconciliationItem o = e.item;
      if (o.status() == QueueStatus.OPEN && o.tenantId().equals(tenantId) && resolutions.containsKey(o.objectId())) {
        e.item = o.withState(QueueStatus.RESOLVED, resolutions.get(o.objectId()).text(), SystemActor.SYNC.id(), at);
      }
    }
  }

  @Override
  public synchronized List<ReconciliationItem> listAll(MspTenantId msp) {
    return of(msp).stream()
        .sorted(Comparator.comparing((Entry e) -> e.item.tenantId().value())
            .thenComparing(e -> e.item.objectId().value())
            .thenComparingLong(e -> e.sequence))
        .map(e -> e.item)
        .toList();
  }

  private List<Entry> of(MspTenantId msp) {
    return items.getOrDefault(Objects.requireNonNull(msp, "msp"), List.of());
  }

  private Optional<Entry> openEntry(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId) {
    return of(msp).stream()
        .filter(e -> e.item.status() == QueueStatus.OPEN && e.item.tenantId().equals(tenantId) && e.item.objectId().equals(objectId))
        .findFirst();
  }

  private static final class Entry {
    ReconciliationItem item;
    final long sequence;

    Entry(ReconciliationItem item, long sequence) {
      this.item = item;
      this.sequence = sequence;
    }
  }
}
