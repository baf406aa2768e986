package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ManagedTenantRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiManagedTenantRepositoryContractTest extends ManagedTenantRepositoryContract {
  private final JdbiStorage storage;

  JdbiManagedTenantRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }
}
