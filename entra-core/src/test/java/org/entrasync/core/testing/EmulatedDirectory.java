package org.entrasync.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The customer tenants of one emulated partner (MSP), shared by the Graph and CIPP emulators so the
 * same scenario yields the same directory on either connection. Tests change it between calls.
 * Thread-safe.
 */
public final class EmulatedDirectory {
  private final AtomicLong versions = new AtomicLong();
  private final Map<String, EmulatedTenant> tenants = new LinkedHashMap<>();

  /** Adds a managed customer tenant (or returns the existing one with that id). */
  public synchronized EmulatedTenant addTenant(String tenantId, String displayName, String defaultDomainName) {
    String key = tenantId.toLowerCase(Locale.ROOT);
    return tenants.computeIfAbsent(key, k -> new EmulatedTenant(k, displayName, defaultDomainName, versions::incrementAndGet));
  }

  /** The partner no longer manages this tenant (it leaves the tenant list; its data is gone). */
  public synchronized void removeTenant(String tenantId) {
    tenants.remove(tenantId.toLowerCase(Locale.ROOT));
  }

  public synchronized List<EmulatedTenant> tenants() {
    return new ArrayList<>(tenants.values());
  }

  /** A tenant by id, default domain or initial domain (case-insensitive). */
  public synchronized Optional<EmulatedTenant> tenant(String idOrDomain) {
    if (idOrDomain == null) {
      return Optional.empty();
    }
    String key = idOrDomain.toLowerCase(Locale.ROOT);
    EmulatedTenant byId = tenants.get(key);
    if (byId != null) {
      return Optional.of(byId);
    }
    return tenants.values().stream()
        .filter(t -> key.equalsIgnoreCase(t.defaultDomainName()) || key.equalsIgnoreCase(t.initialDomainName()))
        .findFirst();
  }

  public EmulatedTenant requireTenant(String idOrDomain) {
    return tenant(idOrDomain).orElseThrow(() -> new IllegalArgumentException("No emulated tenant " + idOrDomain));
  }

  /** The latest change stamp; a delta cursor taken now reports only later changes. */
  public long currentVersion() {
    return versions.get();
  }
}
