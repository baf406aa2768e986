package org.entrasync.temporal.archfixture;

/** Deliberately breaks "orchestration uses only core's ports, plugin SPI and facade" so the rule is seen to fail. */
public final class TemporalClassUsingACoreService {
  public Object sync(org.entrasync.core.internal.sync.TenantSyncService service) {
    return service;
  }
}
