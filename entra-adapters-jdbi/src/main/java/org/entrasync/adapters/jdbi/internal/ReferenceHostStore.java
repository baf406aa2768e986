package org.entrasync.adapters.jdbi.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import java.util.Optional;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The reference host tables ({@code psa_clients}, {@code psa_contacts}, {@code
 * psa_contact_phones}): both host directories, plus the statements the page writer runs inside its
 * own transaction. Every method is one round trip, whatever the batch size. There is no statement
 * that deletes a contact.
 */
public final class ReferenceHostStore implements HostClientDirectory, HostContactDirectory {
  private static final String CLIENT_COLUMNS = "id, name, url, billing_email, inbound_domains";

  private static final String CONTACTS_WITH_PHONES = """
      select c.id, c.client_id, c.full_name, c.email, c.role, c.upn, c.inactive, c.inactive_reason,
             p.number as phone_number, p.type as phone_type, p.is_default as phone_default
        from psa_contacts c
        left join psa_contact_phones p on p.msp_tenant_id = c.msp_tenant_id and p.contact_id = c.id
      """;

  /** The requests, numbered; input of both create statements. */
  private static final String REQUESTS = """
      with req as (
        select r.ord, r.request_key, r.client_id, r.full_name, r.email, r.role, r.upn, r.new_id, r.email_normalized
          from unnest(:keys, :clientIds, :fullNames, :emails, :emailKeys, :roles, :upns, :newIds)
               with ordinality as r(request_key, client_id, full_name, email, email_normalized, role, upn, new_id, ord)
      ),
      """;

  /**
   * The refusals of the reference host, in the order they are checked (SQL CASE branches), with
   * {@code %s} the condition "another contact of this client uses the email".
   */
  private static final String REFUSALS_TEMPLATE = """
           when not exists (select 1 from psa_clients k where k.msp_tenant_id = :msp and k.id = q.client_id)
             then 'refused:the client does not exist'
           when %s
             then 'refused:email already used by another contact of this client'
           when :uniquePerTenant and exists (select 1 from psa_contacts o
                         where o.msp_tenant_id = :msp and o.email_normalized = q.email_normalized
                           and o.client_id <> q.client_id)
             then 'refused:email already used by a contact of another client'
           when row_number() over (
                  partition by case when :uniquePerTenant then '' else q.client_id end, q.email_normalized
                  order by q.ord) > 1
             then 'refused:email requested twice in one batch'
           else 'create'
      """;

  private static final String REFUSALS = REFUSALS_TEMPLATE.formatted("""
      exists (select 1 from psa_contacts o
                         where o.msp_tenant_id = :msp and o.client_id = q.client_id
                           and o.email_normalized = q.email_normalized)""");

  /**
   * The sync variant knows the answer already: {@code same_email_id} is a contact of the client with
   * the email (the same lookup), so the check does not probe (or hash) the contacts table again.
   */
  private static final String REFUSALS_FOR_SYNC = REFUSALS_TEMPLATE.formatted("q.same_email_id is not null");

  /** Inserts the contacts (and their phones) whose outcome is 'create', and reports every request. */
  private static final String INSERT_AND_REPORT = """
      inserted as (
        insert into psa_contacts (msp_tenant_id, id, client_id, full_name, email, email_normalized, role, upn)
        select :msp, d.new_id, d.client_id, d.full_name, d.email, d.email_normalized, d.role, d.upn
          from decided d
         where d.outcome = 'create'
         order by d.ord
        on conflict do nothing
        returning id
      ),
      phones as (
        insert into psa_contact_phones (msp_tenant_id, contact_id, number, type, is_default, position)
        select :msp, d.new_id, p.number, p.type, p.is_default, p.position
          from unnest(:phoneOrds, :phoneNumbers, :phoneTypes, cast(:phoneDefaults as boolean[]), :phonePositions)
               as p(ord, number, type, is_default, position)
          join decided d on d.ord = p.ord
          join inserted i on i.id = d.new_id
      )
      select d.request_key, d.outcome, i.id as inserted_id, d.existing_contact_id
        from decided d
        left join inserted i on i.id = d.new_id
       order by d.ord
      """;

  /** Host directory create: refusals, else insert. */
  private static final String CREATE_CONTACTS = REQUESTS + """
      decided as (
        select q.*, null::text as existing_contact_id,
               case
      """ + REFUSALS + """
               end as outcome
          from req q
      ),
      """ + INSERT_AND_REPORT;

  /**
   * Page-writer create, idempotent: an identity already linked keeps its contact; an unlinked
   * contact of the client with the same email is linked instead of creating a duplicate; then the
   * host's refusals; else insert.
   */
  private static final String CREATE_CONTACTS_FOR_SYNC = REQUESTS + """
      judged as (
        select req.*, l.contact_id as linked_contact_id, s.id as same_email_id, s.linked as same_email_linked
          from req
          left join entra_contact_links l
                 on l.msp_tenant_id = :msp and l.entra_tenant_id = :tenantId
                and l.entra_object_id = req.request_key and l.status = 'active'
          left join lateral (
                select c.id,
                       exists (select 1 from entra_contact_links x
                                where x.msp_tenant_id = :msp and x.contact_id = c.id and x.status = 'active') as linked
                  from psa_contacts c
                 where c.msp_tenant_id = :msp and c.client_id = req.client_id
                   and c.email_normalized = req.email_normalized
                 limit 1) s on true
      ),
      decided as (
        select q.*,
               case when q.linked_contact_id is not null then q.linked_contact_id else q.same_email_id end
                 as existing_contact_id,
               case
                 when q.linked_contact_id is not null then 'already_linked'
                 when q.same_email_id is not null and not q.same_email_linked
                      and row_number() over (partition by q.same_email_id order by q.ord) = 1
                   then 'link_existing'
      """ + REFUSALS_FOR_SYNC + """
               end as outcome
          from judged q
      ),
      """ + INSERT_AND_REPORT;

  /**
   * Whether a patch's address replaces the contact's: not blank, and not the address of another
   * contact (of the client, or of the MSP tenant in unique-per-tenant mode), nor requested twice in
   * one batch. Used twice below: for the address and for its matching key.
   */
  private static final String TAKES_EMAIL = """
      case
        when r.email_normalized is null then false
        when r.email_normalized = c.email_normalized then true
        when r.email_rank > 1 then false
        when exists (select 1 from psa_contacts o
                      where o.msp_tenant_id = c.msp_tenant_id and o.id <> c.id
                        and o.email_normalized = r.email_normalized
                        and (:uniquePerTenant or o.client_id = c.client_id))
          then false
        else true
      end""";

  private static final String APPLY_CHANGES = """
      with r as (
        select x.*,
               row_number() over (partition by x.email_normalized order by x.ord) as email_rank
          from unnest(:ids, :fullNames, :emails, :emailKeys, :roles, :upns, :activities, :reasons)
               with ordinality as x(contact_id, full_name, email, email_normalized, role, upn, activity, reason, ord)
      ),
      updated as (
        update psa_contacts c
           set full_name = coalesce(r.full_name, c.full_name),
               email = case when %1$s then r.email else c.email end,
               email_normalized = case when %1$s then r.email_normalized else c.email_normalized end,
               role = coalesce(r.role, c.role),
               upn = coalesce(r.upn, c.upn),
               inactive = case r.activity when 'inactivate' then true when 'reactivate' then false
                               else c.inactive end,
               inactive_reason = case r.activity when 'inactivate' then r.reason when 'reactivate' then null
                                      else c.inactive_reason end,
               updated_at = now()
          from r
         where c.msp_tenant_id = :msp and c.id = r.contact_id
        returning c.id
      ),
      replaced_phones as (
        delete from psa_contact_phones p
         using unnest(:phoneListIds) as x(contact_id)
         where p.msp_tenant_id = :msp and p.contact_id = x.contact_id
      ),
      added_phones as (
        insert into psa_contact_phones (msp_tenant_id, contact_id, number, type, is_default, position)
        select :msp, p.contact_id, p.number, p.type, p.is_default, p.position
          from unnest(:phoneContactIds, :phoneNumbers, :phoneTypes, cast(:phoneDefaults as boolean[]),
                      :phonePositions) as p(contact_id, number, type, is_default, position)
         where exists (select 1 from psa_contacts c where c.msp_tenant_id = :msp and c.id = p.contact_id)
      )
      select count(*) from updated
      """.formatted(TAKES_EMAIL.indent(10).strip());

  private final Jdbi jdbi;
  private final boolean emailUniquePerTenant;
  private final ReferenceHostIds ids;

  public ReferenceHostStore(Jdbi jdbi, boolean emailUniquePerTenant) {
    this(jdbi, emailUniquePerTenant, ReferenceHostIds.RANDOM);
  }

  public ReferenceHostStore(Jdbi jdbi, boolean emailUniquePerTenant, ReferenceHostIds ids) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.emailUniquePerTenant = emailUniquePerTenant;
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  public boolean emailUniquePerTenant() {
    return emailUniquePerTenant;
  }

  // ---------------------------------------------------------------- clients

  @Override
  public List<HostClient> listClients(MspTenantId tenant) {
    return jdbi.withHandle(h -> h.createQuery("select " + CLIENT_COLUMNS
            + " from psa_clients where msp_tenant_id = :msp order by name collate \"C\", id")
        .bind("msp", tenant.value())
        .map((rs, ctx) -> mapClient(rs))
        .list());
  }

  @Override
  public Optional<HostClient> findClient(MspTenantId tenant, String clientId) {
    return jdbi.withHandle(h -> h.createQuery("select " + CLIENT_COLUMNS
            + " from psa_clients where msp_tenant_id = :msp and id = :id")
        .bind("msp", tenant.value())
        .bind("id", clientId)
        .map((rs, ctx) -> mapClient(rs))
        .findOne());
  }

  @Override
  public HostClient provisionClient(MspTenantId tenant, ClientDraft draft) {
    // The no-op update makes RETURNING yield the row a first call created.
    return jdbi.withHandle(h -> h.createQuery("""
            insert into psa_clients (msp_tenant_id, id, name, url, provisioning_key)
            values (:msp, :id, :name, :url, :key)
            on conflict (msp_tenant_id, provisioning_key) where provisioning_key is not null
            do update set provisioning_key = excluded.provisioning_key
            returning id, name, url, billing_email, inbound_domains
            """)
        .bind("msp", tenant.value())
        .bind("id", ids.clientId(tenant, draft))
        .bind("name", draft.name())
        .bind("url", draft.primaryDomain() == null ? null : "https://" + draft.primaryDomain())
        .bind("key", draft.provisioningKey())
        .map((rs, ctx) -> mapClient(rs))
        .one());
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

  // ---------------------------------------------------------------- contacts: reads

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

  // ---------------------------------------------------------------- contacts: writes

  @Override
  public List<ContactCreateOutcome> createContacts(MspTenantId tenant, List<NewContact> contacts) {
    if (contacts.isEmpty()) {
      return List.of();
    }
    List<CreateResult> results = jdbi.inTransaction(h -> create(h, tenant, null, contacts));
    List<ContactCreateOutcome> out = new ArrayList<>();
    for (CreateResult result : results) {
      out.add(result.refusal() != null
          ? new ContactCreateOutcome.Refused(result.requestKey(), result.refusal())
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
      jdbi.useTransaction(h -> applyChanges(h, tenant, changes));
    }
  }

  @Override
  public void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason) {
    List<ContactChange> changes = new ArrayList<>();
    for (String id : Db.distinct(contactIds, id -> id)) {
      changes.add(ContactChange.inactivate(id, reason));
    }
    if (!changes.isEmpty()) {
      jdbi.useTransaction(h -> applyChanges(h, tenant, changes));
    }
  }

  @Override
  public void setActive(MspTenantId tenant, Collection<String> contactIds) {
    List<ContactChange> changes = new ArrayList<>();
    for (String id : Db.distinct(contactIds, id -> id)) {
      changes.add(ContactChange.reactivate(id, null));
    }
    if (!changes.isEmpty()) {
      jdbi.useTransaction(h -> applyChanges(h, tenant, changes));
    }
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
    applyChanges(h, tenant, changes);
  }

  // ---------------------------------------------------------------- statements shared with the page writer

  /** The outcome of one create request. */
  record CreateResult(String requestKey, String outcome, String contactId, String refusal) {}

  /**
   * One statement: creates contacts (with phones) and reports each request. With {@code
   * tenantIdForSync} (the Entra tenant of the page) set, runs the idempotent sync variant: reuse
   * the contact linked to the identity, or an unlinked contact of the client with the same email.
   */
  List<CreateResult> create(Handle h, MspTenantId tenant, String tenantIdForSync, List<NewContact> contacts) {
    boolean forSync = tenantIdForSync != null;
    List<String> keys = new ArrayList<>();
    List<String> clientIds = new ArrayList<>();
    List<String> fullNames = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> emailKeys = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<String> upns = new ArrayList<>();
    List<String> newIds = new ArrayList<>();
    Phones phones = new Phones();
    int ord = 0;
    for (NewContact contact : contacts) {
      ord++;
      keys.add(contact.requestKey());
      clientIds.add(contact.clientId());
      fullNames.add(contact.fullName());
      emails.add(contact.email());
      emailKeys.add(EmailNormalization.normalize(contact.email()));
      roles.add(contact.role());
      upns.add(contact.userPrincipalName());
      newIds.add(ids.contactId(tenant, contact));
      phones.add(Integer.toString(ord), contact.phones());
    }
    var query = h.createQuery(forSync ? CREATE_CONTACTS_FOR_SYNC : CREATE_CONTACTS)
        .bind("msp", tenant.value())
        .bind("uniquePerTenant", emailUniquePerTenant)
        .bindArray("keys", String.class, keys)
        .bindArray("clientIds", String.class, clientIds)
        .bindArray("fullNames", String.class, fullNames)
        .bindArray("emails", String.class, emails)
        .bindArray("emailKeys", String.class, emailKeys)
        .bindArray("roles", String.class, roles)
        .bindArray("upns", String.class, upns)
        .bindArray("newIds", String.class, newIds);
    if (forSync) {
      query.bind("tenantId", tenantIdForSync);
    }
    List<Integer> phoneOrds = new ArrayList<>();
    phones.owners.forEach(o -> phoneOrds.add(Integer.valueOf(o)));
    query.bindArray("phoneOrds", Integer.class, phoneOrds);
    phones.bindValues(query);
    return query.map((rs, ctx) -> {
      String key = rs.getString("request_key");
      String outcome = rs.getString("outcome");
      String inserted = rs.getString("inserted_id");
      if (outcome.startsWith("refused:")) {
        return new CreateResult(key, "refused", null, outcome.substring("refused:".length()));
      }
      if (outcome.equals("create")) {
        return inserted != null
            ? new CreateResult(key, "create", inserted, null)
            : new CreateResult(key, "refused", null, "email already used by another contact");
      }
      return new CreateResult(key, outcome, rs.getString("existing_contact_id"), null);
    }).list();
  }

  /** One statement: field patches, phone list replacements and activity changes. */
  void applyChanges(Handle h, MspTenantId tenant, List<ContactChange> changes) {
    Map<String, ContactChange> byId = new LinkedHashMap<>();
    for (ContactChange change : changes) {
      byId.put(change.contactId(), change);
    }
    List<String> ids = new ArrayList<>();
    List<String> fullNames = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> emailKeys = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<String> upns = new ArrayList<>();
    List<String> activities = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> phoneListIds = new ArrayList<>();
    Phones phones = new Phones();
    for (ContactChange change : byId.values()) {
      ids.add(change.contactId());
      fullNames.add(blankToNull(change.fullName()));
      emails.add(blankToNull(change.email()));
      emailKeys.add(EmailNormalization.normalize(change.email()));
      roles.add(blankToNull(change.role()));
      upns.add(blankToNull(change.userPrincipalName()));
      activities.add(change.activityWire());
      reasons.add(change.inactiveReason());
      if (change.phones() != null) {
        phoneListIds.add(change.contactId());
        phones.add(change.contactId(), change.phones());
      }
    }
    var query = h.createQuery(APPLY_CHANGES)
        .bind("msp", tenant.value())
        .bind("uniquePerTenant", emailUniquePerTenant)
        .bindArray("ids", String.class, ids)
        .bindArray("fullNames", String.class, fullNames)
        .bindArray("emails", String.class, emails)
        .bindArray("emailKeys", String.class, emailKeys)
        .bindArray("roles", String.class, roles)
        .bindArray("upns", String.class, upns)
        .bindArray("activities", String.class, activities)
        .bindArray("reasons", String.class, reasons)
        .bindArray("phoneListIds", String.class, phoneListIds)
        .bindArray("phoneContactIds", String.class, phones.owners);
    phones.bindValues(query);
    query.mapTo(Integer.class).one();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Phone rows flattened into parallel arrays, each row tagged with its owner (request or contact). */
  private static final class Phones {
    final List<String> owners = new ArrayList<>();
    final List<String> numbers = new ArrayList<>();
    final List<String> types = new ArrayList<>();
    final List<String> defaults = new ArrayList<>();
    final List<Integer> positions = new ArrayList<>();

    void add(String owner, List<ContactPhone> list) {
      int position = 0;
      for (ContactPhone phone : list) {
        owners.add(owner);
        numbers.add(phone.number());
        types.add(phone.type().wireName());
        defaults.add(Boolean.toString(phone.isDefault()));
        positions.add(position++);
      }
    }

    <S extends SqlStatement<S>> void bindValues(S statement) {
      statement.bindArray("phoneNumbers", String.class, numbers)
          .bindArray("phoneTypes", String.class, types)
          .bindArray("phoneDefaults", String.class, defaults)
          .bindArray("phonePositions", Integer.class, positions);
    }
  }

  private static HostClient mapClient(ResultSet rs) throws SQLException {
    String url = rs.getString("url");
    Array domains = rs.getArray("inbound_domains");
    List<String> inbound = domains == null ? List.of() : List.of((String[]) domains.getArray());
    return new HostClient(rs.getString("id"), rs.getString("name"), url == null ? List.of() : List.of(url),
        rs.getString("billing_email"), inbound);
  }
}
