package org.entrasync.adapters.jdbi.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Jdbi;

/**
 * The reference host's contacts ({@code psa_contacts}, {@code psa_contact_phones}) as the host contact
 * directory: reads here, writes through the {@link ContactWrites} statements the page writer shares.
 * Every method is one round trip, whatever the batch size.
 */
public final class ReferenceHostContacts implements HostContactDirectory {
  private static final String CONTACTS_WITH_PHONES = """
      select c.id, c.client_id, c.full_name, c.email, c.role, c.upn, c.inactive, c.inactive_reason,
             p.number as phone_number, p.type as phone_type, p.is_default as phone_default
        from psa_contacts c
        left join psa_contact_phones p on p.msp_tenant_id = c.msp_tenant_id and p.contact_id = c.id
      """;

  private final Jdbi jdbi;
  private final ContactWrites writes;

  ReferenceHostContacts(Jdbi jdbi, ContactWrites writes) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.writes = Objects.requireNonNull(writes, "writes");
  }

  public boolean emailUniquePerTenant() {
    return writes.emailUniquePerTenant();
  }

  @Override
  public List<HostContact> findByEmails(MspTenantId tenant, String clientId, Collection<String> normalizedEmails) {
    List<String> emails = Db.distinct(normalizedEmails, EmailNormalization::normalize).stream()
        .filter(java.util.Objects::nonNull).toList();
    if (emails.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(h -> foldContacts(h.createQuery(CONTACTS_WITH_PHONES + """
             where c.msp_tenant_id = :msp and c.client_id = :clientId and c.email_normalized = any(:emails)
             order by c.id, p.position, p.phone_id
            """)
        .bind("msp", tenant.value())
        .bind("clientId", clientId)
        .bindArray("emails", String.class, emails)));
  }

  @Override
  public List<HostContact> findByIds(MspTenantId tenant, Collection<String> contactIds) {
    List<String> ids = Db.distinct(contactIds, id -> id);
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(h -> foldContacts(h.createQuery(CONTACTS_WITH_PHONES + """
             where c.msp_tenant_id = :msp and c.id = any(:ids)
             order by c.id, p.position, p.phone_id
            """)
        .bind("msp", tenant.value())
        .bindArray("ids", String.class, ids)));
  }

  /** Every contact of the tenant, ordered by id (tests, the example host's output). */
  public List<HostContact> listContacts(MspTenantId tenant) {
    return jdbi.withHandle(h -> foldContacts(h.createQuery(CONTACTS_WITH_PHONES + """
             where c.msp_tenant_id = :msp
             order by c.id, p.position, p.phone_id
            """)
        .bind("msp", tenant.value())));
  }

  private static List<HostContact> foldContacts(org.jdbi.v3.core.statement.Query query) {
    Map<String, ContactRow> rows = new LinkedHashMap<>();
    query.map((rs, ctx) -> {
      ContactRow row = rows.computeIfAbsent(rs.getString("id"), id -> new ContactRow());
      if (row.id == null) {
        row.id = rs.getString("id");
        row.clientId = rs.getString("client_id");
        row.fullName = rs.getString("full_name");
        row.email = rs.getString("email");
        row.role = rs.getString("role");
        row.upn = rs.getString("upn");
        row.inactive = rs.getBoolean("inactive");
        row.inactiveReason = rs.getString("inactive_reason");
      }
      String number = rs.getString("phone_number");
      if (number != null) {
        row.phones.add(new ContactPhone(number,
            ContactPhone.Type.valueOf(rs.getString("phone_type").toUpperCase(java.util.Locale.ROOT)),
            rs.getBoolean("phone_default")));
      }
      return row;
    }).list();
    List<HostContact> out = new ArrayList<>();
    for (ContactRow row : rows.values()) {
      out.add(new HostContact(row.id, row.clientId, row.fullName, row.email, row.role, row.upn,
          row.phones, row.inactive, row.inactiveReason));
    }
    return out;
  }

  private static final class ContactRow {
    String id;
    String clientId;
    String fullName;
    String email;
    String role;
    String upn;
    boolean inactive;
    String inactiveReason;
    final List<ContactPhone> phones = new ArrayList<>();
  }

  @Override
  public List<ContactCreateOutcome> createContacts(MspTenantId tenant, List<NewContact> contacts) {
    if (contacts.isEmpty()) {
      return List.of();
    }
    List<ContactWrites.CreateResult> results = jdbi.inTransaction(h -> writes.create(h, tenant, null, contacts));
    List<ContactCreateOutcome> out = new ArrayList<>();
    for (ContactWrites.CreateResult result : results) {
      out.add(result.refusal() != null
          ? new ContactCreateOutcome.Refused(result.requestKey(), result.refusal().text())
          : new ContactCreateOutcome.Created(result.requestKey(), result.contactId()));
    }
    return out;
  }

  @Override
  public void applyPatches(MspTenantId tenant, List<ContactPatch> patches) {
    List<ContactChange> changes = new ArrayList<>();
    for (ContactPatch patch : patches) {
      if (!patch.isEmpty()) {
        changes.add(ContactChange.patch(patch));
      }
    }
    if (!changes.isEmpty()) {
      jdbi.useTransaction(h -> writes.applyChanges(h, tenant, changes));
    }
  }

  @Override
  public void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason) {
    List<ContactChange> changes = new ArrayList<>();
    for (String id : Db.distinct(contactIds, id -> id)) {
      changes.add(ContactChange.inactivate(id, reason));
    }
    if (!changes.isEmpty()) {
      jdbi.useTransaction(h -> writes.applyChanges(h, tenant, changes));
    }
  }

  @Override
  public void setActive(MspTenantId tenant, Collection<String> contactIds) {
    List<ContactChange> changes = new ArrayList<>();
    for (String id : Db.distinct(contactIds, id -> id)) {
      changes.add(ContactChange.reactivate(id, null));
    }
    if (!changes.isEmpty()) {
      jdbi.useTransaction(h -> writes.applyChanges(h, tenant, changes));
    }
  }

}
