package org.entrasync.core.fakes;

import org.entrasync.core.contract.MappingRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;

class InMemoryMappingRepositoryContractTest extends MappingRepositoryContract {
  private final InMemoryMappingRepository mappings = new InMemoryMappingRepository();
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();

  @Override
  protected MappingRepository mappings() {
    return mappings;
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }
}
