package org.entrasync.adapters.jdbi;

import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import java.util.List;
import org.entrasync.core.contract.SyncPageWriterContract;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the port, against PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReferenceHostPageWriterContractTest extends SyncPageWriterContract {
  private final JdbiStorage storage;

  ReferenceHostPageWriterContractTest(TestDatabase database) {
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected SyncPageWriter writer() {
    return storage.referenceHostPageWriter();
  }

  @Override
  protected HostContactDirectory contacts() {
    return storage.referenceHostContacts();
  }

  @Override
  protected ContactLinkRepository links() {
    return storage.contactLinks();
  }

  @Override
  protected ReconciliationQueueRepository queue() {
    return storage.reconciliationQueue();
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return storage.managedTenants();
  }

  @Override
  protected void seedHost(MspTenantId msp, List<HostClient> clients, List<HostContact> contacts) {
    storage.referenceHostSeeder().insertClients(msp, clients);
    storage.referenceHostSeeder().insertContacts(msp, contacts);
  }
}
