package org.entrasync.adapters.jdbi.internal;

import java.util.Objects;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.jdbi.v3.core.Jdbi;

/**
 * The reference host tables of one database, in their parts: the client directory, the contact
 * directory, seeding, and the contact write statements the page writer runs in its own transaction.
 * All share one email-uniqueness option and one way of naming what they create.
 */
public final class ReferenceHostTables {
  private final ReferenceHostClients clients;
  private final ReferenceHostContacts contacts;
  private final ReferenceHostSeeding seeding;
  private final ContactWrites writes;

  public ReferenceHostTables(Jdbi jdbi, boolean emailUniquePerTenant, ReferenceHostIds ids) {
    Objects.requireNonNull(jdbi, "jdbi");
    this.writes = new ContactWrites(emailUniquePerTenant, ids);
    this.clients = new ReferenceHostClients(jdbi, ids);
    this.contacts = new ReferenceHostContacts(jdbi, writes);
    this.seeding = new ReferenceHostSeeding(jdbi, writes);
  }

  public ReferenceHostClients clients() {
    return clients;
  }

  public ReferenceHostContacts contacts() {
    return contacts;
  }

  public ReferenceHostSeeding seeding() {
    return seeding;
  }

  ContactWrites writes() {
    return writes;
  }
}
