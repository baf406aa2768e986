package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.HeldDeletionRepositoryContract;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiHeldDeletionRepositoryContractTest extends HeldDeletionRepositoryContract {
  private final JdbiStorage storage;

  JdbiHeldDeletionRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected HeldDeletionRepository held() {
    return storage.heldDeletions();
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }
}
