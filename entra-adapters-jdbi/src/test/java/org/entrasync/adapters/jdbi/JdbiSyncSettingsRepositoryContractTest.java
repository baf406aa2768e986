package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.SyncSettingsRepositoryContract;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiSyncSettingsRepositoryContractTest extends SyncSettingsRepositoryContract {
  private final JdbiStorage storage;

  JdbiSyncSettingsRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected SyncSettingsRepository syncSettings() {
    return storage.syncSettings();
  }
}
