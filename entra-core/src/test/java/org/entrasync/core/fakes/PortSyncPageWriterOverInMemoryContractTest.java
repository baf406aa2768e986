package org.entrasync.core.fakes;

import java.util.List;
import org.entrasync.core.contract.SyncPageWriterContract;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.internal.sync.PortSyncPageWriter;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;

/** The core's port-based page writer over the in-memory host and repositories honours the writer contract. */
class PortSyncPageWriterOverInMemoryContractTest extends SyncPageWriterContract {
  private final InMemoryHostClientDirectory clients = new InMemoryHostClientDirectory();
  private final InMemoryHostContactDirectory contacts = new InMemoryHostContactDirectory();
  private final InMemoryContactLinkRepository links = new InMemoryContactLinkRepository();
  private final InMemoryReconciliationQueueRepository queue = new InMemoryReconciliationQueueRepository();
  private final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();
  private final PortSyncPageWriter writer = new PortSyncPageWriter(contacts, links, queue);

  @Override
  protected SyncPageWriter writer() {
    return writer;
  }

  @Override
  protected HostContactDirectory contacts() {
    return contacts;
  }

  @Override
  protected ContactLinkRepository links() {
    return links;
  }

  @Override
  protected ReconciliationQueueRepository queue() {
    return queue;
  }

  @Override
  protected ManagedTenantRepository managedTenants() {
    return tenants;
  }

  @Override
  protected void seedHost(MspTenantId msp, List<HostClient> hostClients, List<HostContact> hostContacts) {
    hostClients.forEach(c -> clients.add(msp, c));
    hostContacts.forEach(c -> contacts.seed(msp, c));
  }
}
