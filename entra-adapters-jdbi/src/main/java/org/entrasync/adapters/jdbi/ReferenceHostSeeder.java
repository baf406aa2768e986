package org.entrasync.adapters.jdbi;

import java.util.List;
import java.util.Objects;
import org.entrasync.adapters.jdbi.internal.ReferenceHostSeeding;
import org.entrasync.adapters.jdbi.internal.ReferenceHostTables;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes reference host rows the way the host itself (or an MSP user) would: clients and contacts
 * with the ids given, and edits that overwrite a contact. For the example host and tests; the
 * sync never uses it.
 */
public final class ReferenceHostSeeder {
  private final ReferenceHostSeeding store;

  public ReferenceHostSeeder(Jdbi jdbi) {
    this(new ReferenceHostTables(Objects.requireNonNull(jdbi, "jdbi"), false, ReferenceHostIds.RANDOM).seeding());
  }

  ReferenceHostSeeder(ReferenceHostSeeding store) {
    this.store = store;
  }

  /** Inserts clients; the first website becomes {@code url}. */
  public void insertClients(MspTenantId tenant, List<HostClient> clients) {
    ReferenceHostContactDirectory.translate(() -> {
      store.insertClients(tenant, clients);
      return null;
    });
  }

  /** Inserts contacts with their ids, phones and activity (the email rules of the schema apply). */
  public void insertContacts(MspTenantId tenant, List<HostContact> contacts) {
    ReferenceHostContactDirectory.translate(() -> {
      store.insertContacts(tenant, contacts);
      return null;
    });
  }

  /** Overwrites every field of existing contacts, phones included (an MSP user's edit). */
  public void updateContacts(MspTenantId tenant, List<HostContact> contacts) {
    ReferenceHostContactDirectory.translate(() -> {
      store.updateContacts(tenant, contacts);
      return null;
    });
  }
}
