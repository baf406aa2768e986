package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.spi.MspTenantId;

/**
 * Mapping decisions in memory: one active decision per managed tenant, every decision kept as
 * history. A batch is validated before anything changes, so it applies all or nothing. Lists are
 * ordered by tenant id. Thread-safe.
 */
public final class InMemoryMappingRepository implements MappingRepository {
  private final Map<MspTenantId, TreeMap<String, TenantMapping>> active = new HashMap<>();
  /** Every decision ever saved, in the order saved. */
  private final Map<MspTenantId, List<TenantMapping>> decisions = new HashMap<>();

  @Override
  public synchronized List<TenantMapping> listActive(MspTenantId msp) {
    return new ArrayList<>(active.getOrDefault(Objects.requireNonNull(msp, "msp"), new TreeMap<>()).values());
  }

  @Override
  public synchronized Optional<TenantMapping> findActive(MspTenantId msp, EntraTenantId tenantId) {
    return Optional.ofNullable(active.getOrDefault(Objects.requireNonNull(msp, "msp"), new TreeMap<>()).get(tenantId.value()));
  }

  @Override
  public synchronized List<TenantMapping> findActiveByClient(MspTenantId msp, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return listActive(msp).stream()
        .filter(m -> m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW)
        .filter(m -> clientId.equals(m.clientId()))
        .toList();
  }

  @Override
  public synchronized void saveDecisions(MspTenantId msp, List<TenantMapping> batch) {
    Objects.requireNonNull(msp, "msp");
    Set<EntraTenantId> tenants = new HashSet<>();
    for (TenantMapping decision : batch) {
      Objects.requireNonNull(decision, "decision");
      if (!decision.msp().equals(msp)) {
        throw new IllegalArgumentException("Decision for " + decision.tenantId() + " belongs to " + decision.msp() + ", not " + msp);
      }
      if (!tenants.add(decision.tenantId())) {
        throw new IllegalArgumentException("Two decisions for tenant " + decision.tenantId() + " in one batch");
      }
    }
    TreeMap<String, TenantMapping> current = active.computeIfAbsent(msp, m -> new TreeMap<>());
    List<TenantMapping> all = decisions.computeIfAbsent(msp, m -> new ArrayList<>());
    for (TenantMapping decision : batch) {
      current.put(decision.tenantId().value(), decision);
      all.add(decision);
    }
  }

  @Override
  public synchronized void deactivate(MspTenantId msp, EntraTenantId tenantId, String by, Instant at) {
    TreeMap<String, TenantMapping> current = active.get(Objects.requireNonNull(msp, "msp"));
    if (current != null) {
      current.remove(tenantId.value());
    }
  }

  @Override
  public synchronized List<TenantMapping> history(MspTenantId msp, EntraTenantId tenantId) {
    List<TenantMapping> all = decisions.getOrDefault(Objects.requireNonNull(msp, "msp"), List.of());
    List<TenantMapping> mine = new ArrayList<>();
    // Newest first: by decision time, and among equal times the one saved later first.
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).tenantId().equals(tenantId)) {
        mine.add(all.get(i));
      }
    }
    mine.sort(Comparator.comparing(TenantMapping::decidedAt).reversed());
    return mine;
  }
}
