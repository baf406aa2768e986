package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.spi.MspTenantId;

/** Held deletions in memory, one set per (MSP, managed tenant). Thread-safe. */
public final class InMemoryHeldDeletionRepository implements HeldDeletionRepository {
  private final Map<MspTenantId, TreeMap<String, HeldDeletions>> held = new HashMap<>();

  @Override
  public synchronized Optional<HeldDeletions> find(MspTenantId msp, EntraTenantId tenantId) {
    return Optional.ofNullable(of(msp).get(tenantId.value()));
  }

  @Override
  public synchronized List<HeldDeletions> listHeld(MspTenantId msp) {
    return new ArrayList<>(of(msp).values());
  }

  @Override
  public synchronized void hold(MspTenantId msp, HeldDeletions set) {
    held.computeIfAbsent(Objects.requireNonNull(msp, "msp"), m -> new TreeMap<>()).put(set.tenantId().value(), set);
  }

  @Override
  public synchronized void release(MspTenantId msp, EntraTenantId tenantId, Instant at) {
    Objects.requireNonNull(at, "at");
    of(msp).remove(tenantId.value());
  }

  @Override
  public synchronized boolean approve(MspTenantId msp, EntraTenantId tenantId, String by, Instant at) {
    HeldDeletions current = of(msp).get(tenantId.value());
    if (current == null) {
      return false;
    }
    held.get(msp).put(tenantId.value(), current.approve(by, at));
    return true;
  }

  private TreeMap<String, HeldDeletions> of(MspTenantId msp) {
    return held.getOrDefault(Objects.requireNonNull(msp, "msp"), new TreeMap<>());
  }
}
