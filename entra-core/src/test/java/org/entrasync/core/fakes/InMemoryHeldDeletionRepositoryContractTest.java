package org.entrasync.core.fakes;

import org.entrasync.core.contract.HeldDeletionRepositoryContract;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;

class InMemoryHeldDeletionRepositoryContractTest extends HeldDeletionRepositoryContract {
  private final InMemoryHeldDeletionRepository held = new InMemoryHeldDeletionRepository();
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();

  @Override
  protected HeldDeletionRepository held() {
    return held;
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }
}
