package org.entrasync.adapters.jdbi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes reference host rows as the host itself (or an MSP user) would: clients and contacts with the
 * ids given, and edits that overwrite every field. For the example host and tests; the sync never
 * uses it.
 */
public final class ReferenceHostSeeding {
  private final Jdbi jdbi;
  private final ContactWrites writes;

  ReferenceHostSeeding(Jdbi jdbi, ContactWrites writes) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.writes = Objects.requireNonNull(writes, "writes");
  }

  /** Inserts clients with the ids given (seeding). */
  public void insertClients(MspTenantId tenant, List<HostClient> clients) {
    if (clients.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      var batch = h.prepareBatch("""
          insert into psa_clients (msp_tenant_id, id, name, url, billing_email, inbound_domains)
          values (:msp, :id, :name, :url, :billingEmail, :inboundDomains)
          """);
      for (HostClient client : clients) {
        batch.bind("msp", tenant.value())
            .bind("id", client.id())
            .bind("name", client.name())
            .bind("url", client.websites().isEmpty() ? null : client.websites().get(0))
            .bind("billingEmail", client.billingEmail())
            .bindArray("inboundDomains", String.class, client.inboundEmailDomains())
            .add();
      }
      batch.execute();
    });
  }

  /** Inserts contacts with the ids given (seeding), with their phones and activity. */
  public void insertContacts(MspTenantId tenant, List<HostContact> contacts) {
    writeEveryField(tenant, contacts, """
        insert into psa_contacts
          (msp_tenant_id, id, client_id, full_name, email, email_normalized, role, upn, inactive, inactive_reason)
        values (:msp, :id, :clientId, :fullName, :email, :emailKey, :role, :upn, :inactive, :reason)
        """);
  }

  /** Overwrites contacts as a host user's edit would: every field as given (seeding, host edits). */
  public void updateContacts(MspTenantId tenant, List<HostContact> contacts) {
    writeEveryField(tenant, contacts, """
        update psa_contacts
           set client_id = :clientId, full_name = :fullName, email = :email, email_normalized = :emailKey,
               role = :role, upn = :upn,
               inactive = :inactive, inactive_reason = :reason, updated_at = now()
         where msp_tenant_id = :msp and id = :id
        """);
  }

  /** One batch of {@code sql} binding every field of each contact, then its phones; one transaction. */
  private void writeEveryField(MspTenantId tenant, List<HostContact> contacts, String sql) {
    if (contacts.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      var batch = h.prepareBatch(sql);
      for (HostContact c : contacts) {
        batch.bind("msp", tenant.value())
            .bind("id", c.id())
            .bind("clientId", c.clientId())
            .bind("fullName", c.fullName())
            .bind("email", c.email())
            .bind("emailKey", EmailNormalization.normalize(c.email()))
            .bind("role", c.role())
            .bind("upn", c.userPrincipalName())
            .bind("inactive", c.inactive())
            .bind("reason", c.inactiveReason())
            .add();
      }
      batch.execute();
      replacePhones(h, tenant, contacts);
    });
  }

  private void replacePhones(Handle h, MspTenantId tenant, List<HostContact> contacts) {
    List<ContactChange> changes = new ArrayList<>();
    for (HostContact c : contacts) {
      changes.add(new ContactChange(c.id(), null, null, null, null, c.phones(), ContactChange.Activity.KEEP, null));
    }
    writes.applyChanges(h, tenant, changes);
  }

}
