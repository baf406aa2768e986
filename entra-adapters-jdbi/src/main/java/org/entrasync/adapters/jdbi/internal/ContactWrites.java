package org.entrasync.adapters.jdbi.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The two write statements of the reference host's contacts, run on a handle the caller owns: the
 * contact directory runs them in a transaction of their own, the page writer inside its page's
 * transaction. Creating contacts (with the page writer's idempotent variant) and applying changes
 * (field patches, phone lists, activity) are one statement each, whatever the batch size. There is no
 * statement that deletes a contact.
 */
final class ContactWrites {
  /** The outcome column's prefix of a refusal, followed by a {@link ReferenceHostRefusal#code()}. */
  private static final String REFUSED_PREFIX = "refused:";

  /** The requests, numbered; input of both create statements. */
  private static final String REQUESTS = """
      with req as (
        select r.ord, r.request_key, r.client_id, r.full_name, r.email, r.role, r.upn, r.new_id, r.email_normalized
          from unnest(:keys, :clientIds, :fullNames, :emails, :emailKeys, :roles, :upns, :newIds)
               with ordinality as r(request_key, client_id, full_name, email, email_normalized, role, upn, new_id, ord)
      ),
      """;

  /**
   * The refusals of the reference host, in the order they are checked (SQL CASE branches), as {@link
   * ReferenceHostRefusal} codes, with {@code %s} the condition "another contact of this client uses the
   * email".
   */
  private static final String REFUSALS_TEMPLATE = """
           when not exists (select 1 from psa_clients k where k.msp_tenant_id = :msp and k.id = q.client_id)
             then 'refused:unknown_client'
           when %s
             then 'refused:same_client'
           when :uniquePerTenant and exists (select 1 from psa_contacts o
                         where o.msp_tenant_id = :msp and o.email_normalized = q.email_normalized
                           and o.client_id <> q.client_id)
             then 'refused:other_client'
           when row_number() over (
                  partition by case when :uniquePerTenant then '' else q.client_id end, q.email_normalized
                  order by q.ord) > 1
             then 'refused:twice_in_batch'
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

  private final boolean emailUniquePerTenant;
  private final ReferenceHostIds ids;

  ContactWrites(boolean emailUniquePerTenant, ReferenceHostIds ids) {
    this.emailUniquePerTenant = emailUniquePerTenant;
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  boolean emailUniquePerTenant() {
    return emailUniquePerTenant;
  }

  /** What became of one create request (the outcome column of the create statements). */
  enum CreateOutcome {
    /** A new contact was inserted. */
    CREATED("create"),
    /** Page writer only: an unlinked contact of the client with the same email is linked instead. */
    LINKED_EXISTING("link_existing"),
    /** Page writer only: the identity is linked already; it keeps its contact (a retried page). */
    ALREADY_LINKED("already_linked"),
    /** The reference host refused it ({@link CreateResult#refusal()}). */
    REFUSED(null);

    private final String sql;

    CreateOutcome(String sql) {
      this.sql = sql;
    }

    static CreateOutcome ofSql(String sql) {
      for (CreateOutcome outcome : values()) {
        if (sql.equals(outcome.sql)) {
          return outcome;
        }
      }
      throw new IllegalArgumentException("Unknown create outcome '" + sql + "'");
    }
  }

  /**
   * The outcome of one create request.
   *
   * @param contactId the contact created, linked instead, or already linked; null when refused
   * @param refusal why it was refused, else null
   */
  record CreateResult(String requestKey, CreateOutcome outcome, String contactId, ReferenceHostRefusal refusal) {
    CreateResult {
      Objects.requireNonNull(requestKey, "requestKey");
      Objects.requireNonNull(outcome, "outcome");
      if ((outcome == CreateOutcome.REFUSED) != (refusal != null)) {
        throw new IllegalArgumentException("A refusal, and only a refusal, has a reason");
      }
    }

    static CreateResult refused(String requestKey, ReferenceHostRefusal refusal) {
      return new CreateResult(requestKey, CreateOutcome.REFUSED, null, refusal);
    }
  }

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
      if (outcome.startsWith(REFUSED_PREFIX)) {
        return CreateResult.refused(key, ReferenceHostRefusal.ofCode(outcome.substring(REFUSED_PREFIX.length())));
      }
      CreateOutcome decided = CreateOutcome.ofSql(outcome);
      if (decided == CreateOutcome.CREATED) {
        return inserted != null
            ? new CreateResult(key, CreateOutcome.CREATED, inserted, null)
            : CreateResult.refused(key, ReferenceHostRefusal.TAKEN_MEANWHILE);
      }
      return new CreateResult(key, decided, rs.getString("existing_contact_id"), null);
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

}
