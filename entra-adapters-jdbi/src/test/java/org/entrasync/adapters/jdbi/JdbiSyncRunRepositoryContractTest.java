package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.SyncRunRepositoryContract;
import org.entrasync.core.port.out.SyncRunRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiSyncRunRepositoryContractTest extends SyncRunRepositoryContract {
  private final JdbiStorage storage;

  JdbiSyncRunRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected SyncRunRepository syncRuns() {
    return storage.syncRuns();
  }
}
