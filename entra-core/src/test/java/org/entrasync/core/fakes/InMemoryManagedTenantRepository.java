package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;

/** Discovered tenants in memory, per MSP tenant. Never deleted. Thread-safe. */
public final class InMemoryManagedTenantRepository implements ManagedTenantRepository {
  private static final Comparator<ManagedTenant> ORDER =
      Comparator.comparing(ManagedTenant::displayName).thenComparing(t -> t.id().value());

  private final Map<MspTenantId, Map<EntraTenantId, ManagedTenant>> tenants = new HashMap<>();

  @Override
  public synchronized void recordDiscovery(MspTenantId msp, List<DiscoveredTenant> discovered, Instant seenAt) {
    Objects.requireNonNull(seenAt, "seenAt");
    Map<EntraTenantId, ManagedTenant> known = tenants.computeIfAbsent(Objects.requireNonNull(msp, "msp"), m -> new LinkedHashMap<>());
    Map<EntraTenantId, DiscoveredTenant> now = new LinkedHashMap<>();
    for (DiscoveredTenant tenant : discovered) {
      now.put(tenant.id(), tenant);
    }
    for (Map.Entry<EntraTenantId, ManagedTenant> e : known.entrySet()) {
      ManagedTenant t = e.getValue();
      if (!now.containsKey(e.getKey()) && t.present()) {
        e.setValue(new ManagedTenant(t.msp(), t.id(), t.displayName(), t.primaryDomain(), t.sourceUserCount(),
            t.discoveredAt(), t.lastSeenAt(), false, t.deltaCursor(), t.lastSyncEligibleUsers(), t.lastSyncObservedAt()));
      }
    }
    for (DiscoveredTenant d : now.values()) {
      ManagedTenant t = known.get(d.id());
      known.put(d.id(), t == null
          ? new ManagedTenant(msp, d.id(), d.displayName(), d.primaryDomain(), d.userCount(), seenAt, seenAt, true,
              null, null, null)
          : new ManagedTenant(msp, d.id(), d.displayName(),
              d.primaryDomain() != null ? d.primaryDomain() : t.primaryDomain(),
              d.userCount() != null ? d.userCount() : t.sourceUserCount(), t.discoveredAt(), seenAt,
              true, t.deltaCursor(), t.lastSyncEligibleUsers(), t.lastSyncObservedAt()));
    }
  }

  @Override
  public synchronized List<ManagedTenant> list(MspTenantId msp) {
    List<ManagedTenant> all = new ArrayList<>(tenants.getOrDefault(Objects.requireNonNull(msp, "msp"), Map.of()).values());
    all.sort(ORDER);
    return all;
  }

  @Override
  public synchronized Optional<ManagedTenant> find(MspTenantId msp, EntraTenantId tenantId) {
    return Optional.ofNullable(tenants.getOrDefault(Objects.requireNonNull(msp, "msp"), Map.of()).get(tenantId));
  }

  @Override
  public synchronized void clearDeltaCursors(MspTenantId msp) {
    for (ManagedTenant t : list(msp)) {
      saveDeltaCursor(msp, t.id(), null);
    }
  }

  @Override
  public synchronized void saveDeltaCursor(MspTenantId msp, EntraTenantId tenantId, String deltaCursor) {
    update(msp, tenantId, t -> new ManagedTenant(t.msp(), t.id(), t.displayName(), t.primaryDomain(), t.sourceUserCount(),
        t.discoveredAt(), t.lastSeenAt(), t.present(), deltaCursor, t.lastSyncEligibleUsers(), t.lastSyncObservedAt()));
  }

  @Override
  public synchronized void recordCompletedSync(MspTenantId msp, EntraTenantId tenantId, int eligibleUsers, Instant observedAt) {
    if (eligibleUsers < 0) {
      throw new IllegalArgumentException("eligibleUsers cannot be negative");
    }
    Objects.requireNonNull(observedAt, "observedAt");
    update(msp, tenantId, t -> new ManagedTenant(t.msp(), t.id(), t.displayName(), t.primaryDomain(), t.sourceUserCount(),
        t.discoveredAt(), t.lastSeenAt(), t.present(), t.deltaCursor(), eligibleUsers, observedAt));
  }

  private void update(MspTenantId msp, EntraTenantId tenantId, java.util.function.UnaryOperator<ManagedTenant> change) {
    Map<EntraTenantId, ManagedTenant> known = tenants.get(Objects.requireNonNull(msp, "msp"));
    if (known == null || !known.containsKey(tenantId)) {
      return; // an unknown tenant has nothing to update
    }
    known.put(tenantId, change.apply(known.get(tenantId)));
  }
}
