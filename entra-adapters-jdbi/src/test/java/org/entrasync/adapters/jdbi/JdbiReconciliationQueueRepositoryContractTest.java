package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ReconciliationQueueRepositoryContract;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiReconciliationQueueRepositoryContractTest extends ReconciliationQueueRepositoryContract {
  private final JdbiStorage storage;

  JdbiReconciliationQueueRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected ReconciliationQueueRepository queue() {
    return storage.reconciliationQueue();
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }
}
