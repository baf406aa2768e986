package org.entrasync.core.fakes;

import org.entrasync.core.contract.ManagedTenantRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;

class InMemoryManagedTenantRepositoryContractTest extends ManagedTenantRepositoryContract {
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }
}
