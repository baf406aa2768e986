package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ConnectionRepositoryContract;
import org.entrasync.core.port.out.ConnectionRepository;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiConnectionRepositoryContractTest extends ConnectionRepositoryContract {
  private final JdbiStorage storage;

  JdbiConnectionRepositoryContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected ConnectionRepository connections() {
    return storage.connections();
  }
}
