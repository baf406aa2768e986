package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.FaultyHostContactDirectory;
import org.entrasync.core.fakes.FaultyHostContactDirectory.When;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.core.internal.sync.PortSyncPageWriter;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.internal.sync.TenantSyncService;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write order over the reference host, the path of hosts with their own contact tables: the
 * port-based page writer over {@link ReferenceHostContactDirectory} and the JDBI repositories,
 * with a host that fails once at each write position in turn (before or after the write). After the
 * retry from the last checkpoint, contacts, links and queue equal an uninterrupted run's.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PortWriterWriteOrderTest {
  /** The host writes of the sync under test: create, patch, inactivate (after the listing), reactivate, ... */
  private static final int WRITES = 5;

  private static final String TENANT = "55555555-0000-4000-8000-000000000001";
  private static final EntraTenantId TENANT_ID = EntraTenantId.of(TENANT);
  private static final String CLIENT = "client-contoso";

  private final JdbiStorage storage;

  PortWriterWriteOrderTest(TestDatabase database) {
    this.storage = JdbiStorage.builder(Jdbi.create(database.dataSource())).referenceHostIds(ReferenceHostIds.DERIVED).build();
  }

  /** One MSP tenant's world over the shared database. */
  private final class World {
    final MspTenantId msp = ContractData.newMsp("order");
    final MutableClock clock = MutableClock.at(MutableClock.DEFAULT_START);
    final EmulatedDirectory directory = new EmulatedDirectory();
    final EmulatedTenant contoso = directory.addTenant(TENANT, "Contoso", "contoso.example");
    final FaultyHostContactDirectory host = new FaultyHostContactDirectory(storage.referenceHostContacts());
    final TenantSyncService sync;

    World() {
      FakeDirectoryGateway gateway = FakeDirectoryGateway.cipp(directory);
      storage.connections().activate(new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.CONNECTED,
          clock.instant(), clock.instant(), null));
      storage.managedTenants().recordDiscovery(msp, List.of(new DiscoveredTenant(TENANT_ID, "Contoso", null, null)),
          clock.instant());
      storage.syncSettings().save(msp, new SyncSettings(new FieldSyncConfig(false, false, false, true, false),
          UserFilterConfig.DEFAULT, true, SyncSettings.DEFAULT_INTERVAL_MINUTES));
      storage.referenceHostSeeder().insertClients(msp, List.of(new HostClient(CLIENT, "Contoso", List.of(), null, List.of())));
      sync = new TenantSyncService(new DirectoryGateways(List.of(gateway), storage.connections()), storage.managedTenants(),
          storage.syncStart(), storage.contactLinks(), storage.reconciliationQueue(), host,
          new PortSyncPageWriter(host, storage.contactLinks(), storage.reconciliationQueue()), storage.heldDeletions(),
          clock, 999, DeletionThreshold.DEFAULT, org.entrasync.core.port.out.SyncObserver.NONE);
    }

    void sync(SyncCheckpoint from, SyncProgressListener progress) {
      sync.sync(new TenantSyncCommand(msp, TENANT_ID, CLIENT, "run", false, from), progress);
    }

    void sync() {
      sync(null, SyncProgressListener.NONE);
      clock.advance(Duration.ofMinutes(10));
    }

    /** Contacts, links and queue, ids and timestamps aside (they differ between worlds by design). */
    List<String> state() {
      List<String> out = new ArrayList<>();
      for (HostContact c : storage.referenceHostContacts().listContacts(msp)) {
        out.add("contact " + c.email() + " " + c.fullName() + " " + c.role() + " inactive=" + c.inactive() + " " + c.inactiveReason());
      }
      for (ContactLink l : storage.contactLinks().listAll(msp)) {
        String email = storage.referenceHostContacts().findByIds(msp, List.of(l.contactId())).get(0).email();
        out.add("link " + l.objectId() + " -> " + email + " active=" + l.active() + " " + l.syncInactivated() + " "
            + l.pendingRemoval());
      }
      for (ReconciliationItem q : storage.reconciliationQueue().listAll(msp)) {
        out.add("queue " + q.objectId() + " " + q.status());
      }
      out.sort(null);
      return out;
    }
  }

  private static String uid(int n) {
    return String.format(Locale.ROOT, "d0000001-0000-4000-8000-%012d", n);
  }

  private static EmulatedUser member(int n) {
    return EmulatedUser.member(uid(n), "person." + n + "@contoso.example", "Person " + n).withJobTitle("Engineer");
  }

  /** As in core's WriteOrderTest: an update, a disabled user, a reactivation, a deletion, a create, a link. */
  private World prepared() {
    World w = new World();
    for (int n = 1; n <= 8; n++) {
      w.contoso.upsert(member(n));
    }
    w.sync();
    w.contoso.disable(uid(3));
    w.sync();
    w.contoso.upsert(member(1).withJobTitle("Chief Engineer"));
    w.contoso.disable(uid(2));
    w.contoso.enable(uid(3));
    w.contoso.delete(uid(4));
    w.contoso.upsert(member(9));
    w.contoso.upsert(member(10));
    storage.referenceHostSeeder().insertContacts(w.msp, List.of(new HostContact("contact-p10-" + w.msp.value(), CLIENT,
        "P10", "person.10@contoso.example", null, null, List.of(), false, null)));
    return w;
  }

  static Stream<Arguments> everyWritePosition() {
    return FaultyHostContactDirectory.everyPosition(WRITES);
  }

  @ParameterizedTest(name = "host fails at write {0}, {1}")
  @MethodSource("everyWritePosition")
  void aRetryAfterAFailureAtAnyWriteEndsInTheUninterruptedState(int k, When when) {
    World reference = prepared();
    reference.host.arm(0, When.BEFORE_WRITE);
    reference.sync();
    int writes = reference.host.writes();
    assertThat(writes).as("the positions this test fails at").isEqualTo(WRITES);
    List<String> expected = reference.state();

    World w = prepared();
    w.host.arm(k, when);
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    assertThatThrownBy(() -> w.sync(null, last::set)).isInstanceOf(EntraUnavailableException.class);
    w.clock.advance(Duration.ofSeconds(30));
    w.sync(last.get(), SyncProgressListener.NONE);

    assertThat(w.state()).isEqualTo(expected);
    assertThat(expected).anyMatch(line -> line.contains("person.4@contoso.example") && line.contains("deleted_upstream"))
        .anyMatch(line -> line.contains("person.2@contoso.example") && line.contains("disabled_upstream"))
        .anyMatch(line -> line.contains("person.1@contoso.example") && line.contains("Chief Engineer"));
  }
}
