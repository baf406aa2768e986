package org.entrasync.core.fakes;

import org.entrasync.core.contract.TenantSyncStartStateContract;
import org.entrasync.core.port.out.StoragePorts;

/** The start read composed of the in-memory ports (what the core's tests sync with). */
class ComposedTenantSyncStartStateContractTest extends TenantSyncStartStateContract {
  private final StoragePorts storage = new StoragePorts(new InMemoryConnectionRepository(),
      new InMemoryManagedTenantRepository(), new InMemoryMappingRepository(), new InMemorySyncSettingsRepository(),
      new InMemorySyncRunRepository(), new InMemoryContactLinkRepository(), new InMemoryReconciliationQueueRepository(),
      new InMemoryHeldDeletionRepository());

  @Override
  protected StoragePorts storage() {
    return storage;
  }
}
