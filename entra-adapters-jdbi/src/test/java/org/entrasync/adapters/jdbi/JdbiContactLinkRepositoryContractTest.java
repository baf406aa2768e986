package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContactLinkRepositoryContract;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiContactLinkRepositoryContractTest extends ContactLinkRepositoryContract {
  private final JdbiStorage storage;

  JdbiContactLinkRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected ContactLinkRepository links() {
    return storage.contactLinks();
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }
}
