package org.entrasync.core.fakes;

import org.entrasync.core.contract.ContactLinkRepositoryContract;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;

class InMemoryContactLinkRepositoryContractTest extends ContactLinkRepositoryContract {
  private final InMemoryContactLinkRepository links = new InMemoryContactLinkRepository();
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();

  @Override
  protected ContactLinkRepository links() {
    return links;
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }
}
