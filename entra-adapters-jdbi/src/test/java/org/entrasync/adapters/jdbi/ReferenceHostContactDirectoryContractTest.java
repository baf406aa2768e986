package org.entrasync.adapters.jdbi;

import java.util.List;
import java.util.Locale;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.host.HostContactDirectoryContract;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core host contact directory contract, against the reference host tables, with and without
 * emails unique per MSP tenant. Client ids repeat across MSP tenants on purpose (identical data).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReferenceHostContactDirectoryContractTest extends HostContactDirectoryContract {
  private final TestDatabase database;
  private final JdbiStorage storage;
  private final JdbiStorage strict;
  private int clients;

  ReferenceHostContactDirectoryContractTest(TestDatabase database) {
    this.database = database;
    this.storage = JdbiStorage.create(database.dataSource());
    this.strict = JdbiStorage.builder(database.dataSource()).emailUniquePerTenant(true).build();
  }

  @Override
  protected HostContactDirectory newDirectory() {
    ReferenceHostFixture.forget(database, List.of(MSP_A, MSP_B));
    return storage.referenceHostContacts();
  }

  @Override
  protected String createClient(MspTenantId msp, String name) {
    String id = "client-" + (++clients) + "-" + name.toLowerCase(Locale.ROOT);
    storage.referenceHostSeeder().insertClients(msp, List.of(new HostClient(id, name, List.of(), null, List.of())));
    return id;
  }

  @Override
  protected HostContactDirectory directoryWithUniqueEmails() {
    return strict.referenceHostContacts();
  }

  @Override
  protected boolean emailsUniquePerClient() {
    return true;
  }
}
