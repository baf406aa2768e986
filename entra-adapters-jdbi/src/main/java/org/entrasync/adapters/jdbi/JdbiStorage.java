package org.entrasync.adapters.jdbi;

import java.util.Objects;
import javax.sql.DataSource;
import org.entrasync.adapters.jdbi.internal.DatabaseErrors;
import org.entrasync.adapters.jdbi.internal.JdbiConnectionRepository;
import org.entrasync.adapters.jdbi.internal.JdbiContactLinkRepository;
import org.entrasync.adapters.jdbi.internal.JdbiHeldDeletionRepository;
import org.entrasync.adapters.jdbi.internal.JdbiManagedTenantRepository;
import org.entrasync.adapters.jdbi.internal.JdbiOperatorViewRepository;
import org.entrasync.adapters.jdbi.internal.JdbiMappingRepository;
import org.entrasync.adapters.jdbi.internal.JdbiPendingAuthorizationStore;
import org.entrasync.adapters.jdbi.internal.JdbiReconciliationQueueRepository;
import org.entrasync.adapters.jdbi.internal.JdbiSyncRunRepository;
import org.entrasync.adapters.jdbi.internal.JdbiSyncSettingsRepository;
import org.entrasync.adapters.jdbi.internal.JdbiTenantSyncStartState;
import org.entrasync.adapters.jdbi.internal.ReferenceHostPageWriter;
import org.entrasync.adapters.jdbi.internal.ReferenceHostTables;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.core.port.out.OperatorViewRepository;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.core.port.out.TenantSyncStartState;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.jdbi.v3.core.Jdbi;

/**
 * The storage adapter in one object: every storage port of entra-core over PostgreSQL, plus the
 * reference host directories and the page writer that uses them. A host installs it as a part, with
 * the host directories it syncs into:
 *
 * <pre>{@code
 * EntraMigrations.migrate(dataSource);
 * EntraIntegration.builder() ...
 *     .install(JdbiStorage.create(dataSource).withReferenceHost())            // psa_clients / psa_contacts
 *     // or .install(JdbiStorage.create(dataSource).withHostContacts(myClients, myContacts))
 * }</pre>
 *
 * Give it a pooled {@link DataSource}; each call borrows a connection for one statement or one
 * transaction. Failures surface as {@code EntraUnavailableException} (database unreachable, busy,
 * deadlock: a retry can help) or {@code EntraRejectedException} (a rule of the schema, a missing
 * migration). Timestamps are stored with microsecond precision.
 */
public final class JdbiStorage {
  private final Jdbi jdbi;
  private final ReferenceHostTables referenceHost;
  private final ConnectionRepository connections;
  private final ManagedTenantRepository managedTenants;
  private final MappingRepository mappings;
  private final SyncSettingsRepository syncSettings;
  private final SyncRunRepository syncRuns;
  private final ContactLinkRepository contactLinks;
  private final ReconciliationQueueRepository reconciliationQueue;
  private final HeldDeletionRepository heldDeletions;
  private final TenantSyncStartState syncStart;
  private final SyncPageWriter referenceHostPageWriter;
  private final PendingAuthorizationStore pendingAuthorizations;
  private final OperatorViewRepository operatorViews;

  private JdbiStorage(Builder builder) {
    this.jdbi = builder.jdbi;
    this.referenceHost = new ReferenceHostTables(jdbi, builder.emailUniquePerTenant, builder.ids);
    this.connections = DatabaseErrors.translating(ConnectionRepository.class, new JdbiConnectionRepository(jdbi));
    this.managedTenants =
        DatabaseErrors.translating(ManagedTenantRepository.class, new JdbiManagedTenantRepository(jdbi));
    this.mappings = DatabaseErrors.translating(MappingRepository.class, new JdbiMappingRepository(jdbi));
    this.syncSettings =
        DatabaseErrors.translating(SyncSettingsRepository.class, new JdbiSyncSettingsRepository(jdbi));
    this.syncRuns = DatabaseErrors.translating(SyncRunRepository.class, new JdbiSyncRunRepository(jdbi));
    this.contactLinks =
        DatabaseErrors.translating(ContactLinkRepository.class, new JdbiContactLinkRepository(jdbi));
    this.reconciliationQueue = DatabaseErrors.translating(
        ReconciliationQueueRepository.class, new JdbiReconciliationQueueRepository(jdbi));
    this.heldDeletions =
        DatabaseErrors.translating(HeldDeletionRepository.class, new JdbiHeldDeletionRepository(jdbi));
    this.syncStart = DatabaseErrors.translating(TenantSyncStartState.class, new JdbiTenantSyncStartState(jdbi));
    this.referenceHostPageWriter =
        DatabaseErrors.translating(SyncPageWriter.class, new ReferenceHostPageWriter(jdbi, referenceHost));
    // Translates its own failures, dropping the driver's exception chain (it may quote a verifier).
    this.pendingAuthorizations = new JdbiPendingAuthorizationStore(jdbi);
    this.operatorViews =
        DatabaseErrors.translating(OperatorViewRepository.class, new JdbiOperatorViewRepository(jdbi));
  }

  /** Storage over {@code dataSource} with default options. */
  public static JdbiStorage create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** Storage over an existing {@link Jdbi} (the host's, with its own configuration). */
  public static JdbiStorage create(Jdbi jdbi) {
    return builder(jdbi).build();
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
  }

  public static Builder builder(Jdbi jdbi) {
    return new Builder(Objects.requireNonNull(jdbi, "jdbi"));
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * This storage as a part, syncing into the reference host tables ({@code psa_clients}, {@code
   * psa_contacts}; run {@link EntraMigrations#migrateHostReference}): a page of users commits in one
   * transaction with the library's tables. Contributes every storage port, the pending sign-ins and
   * the reference host directories with their one-transaction writer.
   */
  public EntraPlugin withReferenceHost() {
    return installation -> {
      contributeStorage(installation);
      installation.hostDirectories(referenceHostClients(), referenceHostContacts(), referenceHostPageWriter);
    };
  }

  /**
   * This storage as a part, syncing into the host's own clients and contacts: each page is applied
   * through {@code contacts} (a few short steps, each idempotent). The reference host tables are never
   * written. Contributes every storage port, the pending sign-ins and the host's directories.
   */
  public EntraPlugin withHostContacts(HostClientDirectory clients, HostContactDirectory contacts) {
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(contacts, "contacts");
    return installation -> {
      contributeStorage(installation);
      installation.hostDirectories(clients, contacts);
    };
  }

  private void contributeStorage(Installation installation) {
    installation.storage(new StoragePorts(connections, managedTenants, mappings, syncSettings, syncRuns, contactLinks,
        reconciliationQueue, heldDeletions, syncStart));
    installation.pendingAuthorizations(pendingAuthorizations);
    installation.operatorViews(operatorViews);
  }

  public ConnectionRepository connections() {
    return connections;
  }

  public ManagedTenantRepository managedTenants() {
    return managedTenants;
  }

  public MappingRepository mappings() {
    return mappings;
  }

  public SyncSettingsRepository syncSettings() {
    return syncSettings;
  }

  public SyncRunRepository syncRuns() {
    return syncRuns;
  }

  public ContactLinkRepository contactLinks() {
    return contactLinks;
  }

  /** The operator's read models (tenant list, run progress); the installed part contributes them to the facade. */
  public OperatorViewRepository operatorViews() {
    return operatorViews;
  }

  public ReconciliationQueueRepository reconciliationQueue() {
    return reconciliationQueue;
  }

  /** The inactivations the deletion-safety valve holds, per managed tenant. */
  public HeldDeletionRepository heldDeletions() {
    return heldDeletions;
  }

  /** Everything a tenant sync starts with, in one statement. */
  public TenantSyncStartState syncStart() {
    return syncStart;
  }

  /**
   * The page writer for hosts whose contacts are the reference host tables in this database: one
   * transaction and a constant number of statements per page. Hosts with their own contact
   * tables use the port-based writer of entra-core with their own {@code HostContactDirectory}.
   */
  public SyncPageWriter referenceHostPageWriter() {
    return referenceHostPageWriter;
  }

  /**
   * Started partner sign-ins waiting for their OAuth callback ({@code entra_pending_authorizations}),
   * shared by every node of the host; installed with this storage, the Graph adapter uses it. Single
   * use across nodes, expiring, bound to the MSP
   * tenant and the user who started the sign-in; the PKCE verifier is cleared once used and never
   * logged.
   */
  public PendingAuthorizationStore pendingAuthorizations() {
    return pendingAuthorizations;
  }

  /** The reference host's clients ({@code psa_clients}). */
  public ReferenceHostClientDirectory referenceHostClients() {
    return new ReferenceHostClientDirectory(referenceHost.clients());
  }

  /** The reference host's contacts, with this storage's email uniqueness option. */
  public ReferenceHostContactDirectory referenceHostContacts() {
    return new ReferenceHostContactDirectory(referenceHost.contacts());
  }

  /** Seeding and host-side edits of the reference host tables. */
  public ReferenceHostSeeder referenceHostSeeder() {
    return new ReferenceHostSeeder(referenceHost.seeding());
  }

  /** Options of the storage: the reference host's email uniqueness and how it names what it creates. */
  public static final class Builder {
    private final Jdbi jdbi;
    private boolean emailUniquePerTenant;
    private ReferenceHostIds ids = ReferenceHostIds.RANDOM;

    private Builder(Jdbi jdbi) {
      this.jdbi = jdbi;
    }

    /**
     * Reference host option: an email may be used by only one contact across all clients of an MSP
     * tenant (a create that breaks it is refused with {@value
     * ReferenceHostContactDirectory#REFUSED_OTHER_CLIENT}). Default false: unique per client.
     */
    public Builder emailUniquePerTenant(boolean value) {
      this.emailUniquePerTenant = value;
      return this;
    }

    /** How the reference host names the clients and contacts it creates (default: random UUIDs). */
    public Builder referenceHostIds(ReferenceHostIds value) {
      this.ids = java.util.Objects.requireNonNull(value, "value");
      return this;
    }

    public JdbiStorage build() {
      return new JdbiStorage(this);
    }
  }
}
