package org.entrasync.core.fakes;

import org.entrasync.core.contract.ReconciliationQueueRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;

class InMemoryReconciliationQueueRepositoryContractTest extends ReconciliationQueueRepositoryContract {
  private final InMemoryReconciliationQueueRepository queue = new InMemoryReconciliationQueueRepository();
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();

  @Override
  protected ReconciliationQueueRepository queue() {
    return queue;
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }
}
