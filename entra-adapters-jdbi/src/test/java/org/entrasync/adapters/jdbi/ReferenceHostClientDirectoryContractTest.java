package org.entrasync.adapters.jdbi;

import java.util.List;
import java.util.UUID;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.host.HostClientDirectoryContract;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core host client directory contract, against the reference host tables. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReferenceHostClientDirectoryContractTest extends HostClientDirectoryContract {
  private final TestDatabase database;
  private final JdbiStorage storage;

  ReferenceHostClientDirectoryContractTest(TestDatabase database) {
    this.database = database;
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected HostClientDirectory newDirectory() {
    ReferenceHostFixture.forget(database, List.of(MSP_A, MSP_B));
    return storage.referenceHostClients();
  }

  @Override
  protected String seedClient(MspTenantId msp, String name, List<String> websites, String billingEmail,
      List<String> inboundEmailDomains) {
    String id = "client-" + UUID.randomUUID();
    storage.referenceHostSeeder().insertClients(msp,
        List.of(new HostClient(id, name, websites, billingEmail, inboundEmailDomains)));
    return id;
  }
}
