package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.MappingRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiMappingRepositoryContractTest extends MappingRepositoryContract {
  private final JdbiStorage storage;

  JdbiMappingRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected MappingRepository mappings() {
    return storage.mappings();
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }
}
