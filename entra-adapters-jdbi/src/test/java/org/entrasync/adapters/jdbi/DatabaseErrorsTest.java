package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer.Schema;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** No JDBI or JDBC exception crosses a port: failures say whether a retry can help. */
class DatabaseErrorsTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-errors");

  @Test
  void anUnmigratedDatabaseIsRejectedWithTheRemedy() {
    TestDatabase empty = EmbeddedPostgresServer.createDatabase("errors_empty", Schema.NONE);
    try {
      JdbiStorage storage = JdbiStorage.create(empty.dataSource());
      assertThatThrownBy(() -> storage.syncSettings().get(MSP))
          .isInstanceOf(EntraRejectedException.class)
          .hasMessageContaining("EntraMigrations.migrate");
      assertThatThrownBy(() -> storage.referenceHostContacts().listContacts(MSP))
          .isInstanceOf(EntraRejectedException.class)
          .hasMessageContaining("migrateHostReference");
    } finally {
      EmbeddedPostgresServer.dropDatabase(empty);
    }
  }

  @Test
  void anUnreachableDatabaseIsUnavailable() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1});
    nowhere.setDatabaseName("nothing");
    nowhere.setConnectTimeout(2);
    JdbiStorage storage = JdbiStorage.create(nowhere);
    assertThatThrownBy(() -> storage.contactLinks().listAll(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("unavailable");
  }
}
