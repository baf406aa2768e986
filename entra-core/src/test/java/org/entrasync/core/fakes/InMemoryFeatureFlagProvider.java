package org.entrasync.core.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;

/**
 * Feature flags in memory. A flag is on for a tenant only when it is defined and the tenant is
 * targeted; definitions start off (no tenant targeted). Targeting a flag that is not defined yet
 * defines it. Thread-safe.
 */
public final class InMemoryFeatureFlagProvider implements FeatureFlagProvider {
  private final Map<String, FeatureFlags.FlagDefinition> definitions = new LinkedHashMap<>();
  private final Map<String, Set<MspTenantId>> targets = new HashMap<>();

  @Override
  public synchronized boolean isEnabled(MspTenantId tenant, String flag) {
    Objects.requireNonNull(tenant, "tenant");
    return definitions.containsKey(flag) && targets.getOrDefault(flag, Set.of()).contains(tenant);
  }

  @Override
  public synchronized boolean ensureDefined(FeatureFlags.FlagDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    return definitions.putIfAbsent(definition.name(), definition) == null;
  }

  @Override
  public synchronized void addTenantTarget(String flag, MspTenantId tenant) {
    set(tenant, flag, true);
  }

  /** Turns a flag on or off for one tenant (defining it when needed). */
  public synchronized InMemoryFeatureFlagProvider set(MspTenantId tenant, String flag, boolean on) {
    Objects.requireNonNull(tenant, "tenant");
    definitions.computeIfAbsent(flag, name -> new FeatureFlags.FlagDefinition(name, ""));
    if (on) {
      targets.computeIfAbsent(flag, f -> new HashSet<>()).add(tenant);
    } else {
      targets.getOrDefault(flag, new HashSet<>()).remove(tenant);
    }
    return this;
  }

  /** Defines the five Phase 1 flags and turns them all on for the tenant. */
  public synchronized InMemoryFeatureFlagProvider enableAllPhase1(MspTenantId tenant) {
    for (FeatureFlags.FlagDefinition definition : FeatureFlags.PHASE_1) {
      ensureDefined(definition);
      set(tenant, definition.name(), true);
    }
    return this;
  }

  public synchronized boolean isDefined(String flag) {
    return definitions.containsKey(flag);
  }

  /** Every definition, in the order they were created. */
  public synchronized List<FeatureFlags.FlagDefinition> definitions() {
    return new ArrayList<>(definitions.values());
  }
}
