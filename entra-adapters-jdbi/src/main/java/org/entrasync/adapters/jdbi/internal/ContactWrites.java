package org.entrasync.adapters.jdbi.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
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

  /**
   * The requests, numbered; input of both create statements. {@code repeat}: an earlier request of
   * the batch has the same email (of the same client, or of any client in unique-per-tenant mode),
   * worked out in Java rather than with a window over the batch; {@code %s} adds the sync variant's
   * {@code seen} column.
   */
  private static final String REQUESTS_TEMPLATE = """
      with req as (
        select r.*
          from unnest(:keys, :clientIds, :fullNames, :emails, :emailKeys, :roles, :upns, :newIds,
                      cast(:repeats as boolean[])%s)
               with ordinality as r(request_key, client_id, full_name, email, email_normalized, role, upn, new_id,
                                    repeat%s, ord)
      ),
      """;

  private static final String REQUESTS = REQUESTS_TEMPLATE.formatted("", "");

  private static final String REQUESTS_FOR_SYNC = REQUESTS_TEMPLATE.formatted(", cast(:seens as boolean[])", ", seen");

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
           when q.repeat
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

  /** Inserts the contacts (and their phones) whose outcome is 'create'. */
  private static final String INSERTS = """
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
      """;

  /**
   * The requests that did not simply create their contact, by number: a refusal, a contact linked
   * already or instead, or a create another writer's contact took the id of meanwhile. Every other
   * request created the contact of its {@code new_id}; leaving those out keeps the answer small (an
   * initial sync's page reports nothing).
   */
  private static final String REPORT = """
      select d.ord, d.outcome, d.existing_contact_id
        from decided d
       where d.outcome <> 'create' or not exists (select 1 from inserted i where i.id = d.new_id)
       order by d.ord
      """;

  /**
   * What an identity's existing link row becomes when a page links it again (the page writer's link
   * upsert and the sync create's links): active, to the contact and client given, with the reason and
   * last-synced given; last-seen only moves when this listing saw the identity (a removal is not
   * seen), so those rows need no separate mark-seen write.
   */
  static final String LINK_CONFLICT_UPDATE = """
      on conflict (msp_tenant_id, entra_tenant_id, entra_object_id) do update
         set contact_id = excluded.contact_id,
             client_id = excluded.client_id,
             status = 'active',
             sync_inactivated_reason = excluded.sync_inactivated_reason,
             last_synced_at = excluded.last_synced_at,
             last_seen_at = coalesce(excluded.last_seen_at, entra_contact_links.last_seen_at),
             updated_at = now()
      """;

  /**
   * The sync variant links what it created in the same statement: a contact it just inserted cannot
   * be held by another identity, and the identity had no active link (else its outcome is {@code
   * already_linked}), so the link needs none of the page writer's link checks; a detached link of the
   * identity is taken over, as the link upsert would. A request's {@code seen} says whether this
   * listing saw the identity (its last-seen time is set with the link). An open reconciliation item
   * of an identity whose contact it created is resolved ({@code auto-created}); the tenant's open
   * items are looked for once (a one-time filter), so a tenant without any costs no probe per row.
   * (Folded into the create: an initial sync's page is one write statement, not three.)
   */
  private static final String LINK_CREATED = """
      , linked as (
        insert into entra_contact_links
          (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, client_id, status,
           sync_inactivated_reason, last_synced_at, last_seen_at)
        select :msp, :tenantId, d.request_key, i.id, :linkClientId, 'active', null, :syncedAt,
               case when d.seen then :syncedAt end
          from decided d
          join inserted i on i.id = d.new_id
         order by d.ord
      """ + LINK_CONFLICT_UPDATE + """
      ),
      resolved as (
        update entra_reconciliation_queue q
           set status = 'resolved', resolution = :autoCreated || ':' || i.id, resolved_by = :resolvedBy,
               resolved_at = :syncedAt, updated_at = now()
          from decided d
          join inserted i on i.id = d.new_id
         where q.msp_tenant_id = :msp and q.entra_tenant_id = :tenantId and q.status = 'open'
           and q.entra_object_id = d.request_key
           and exists (select 1 from entra_reconciliation_queue o
                        where o.msp_tenant_id = :msp and o.entra_tenant_id = :tenantId and o.status = 'open')
      )
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
      """ + INSERTS + REPORT;

  /**
   * Page-writer create, idempotent: an identity already linked keeps its contact; an unlinked
   * contact of the client with the same email is linked instead of creating a duplicate (by the
   * first request that finds it: {@code claims} ranks only the requests that found one); then the
   * host's refusals; else insert.
   */
  private static final String CREATE_CONTACTS_FOR_SYNC = REQUESTS_FOR_SYNC + """
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
      claims as (
        select j.ord, row_number() over (partition by j.same_email_id order by j.ord) as claim_rank
          from judged j
         where j.same_email_id is not null
      ),
      decided as (
        select q.*,
               case when q.linked_contact_id is not null then q.linked_contact_id else q.same_email_id end
                 as existing_contact_id,
               case
                 when q.linked_contact_id is not null then 'already_linked'
                 when q.same_email_id is not null and not q.same_email_linked and c.claim_rank = 1
                   then 'link_existing'
      """ + REFUSALS_FOR_SYNC + """
               end as outcome
          from judged q
          left join claims c on c.ord = q.ord
      ),
      """ + INSERTS + LINK_CREATED + REPORT;

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
   * What the sync variant of {@link #create} needs to link the contacts it creates: the page's Entra
   * tenant, the client the links name, the sync time, and per request (in order) whether this listing
   * saw its identity.
   */
  record SyncLinking(String tenantId, String linkClientId, Instant syncedAt, List<Boolean> seen) {
    SyncLinking {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(linkClientId, "linkClientId");
      Objects.requireNonNull(syncedAt, "syncedAt");
      seen = List.copyOf(seen);
    }
  }

  /**
   * One statement: creates contacts (with phones) and reports each request. With {@code sync} set,
   * runs the idempotent sync variant: reuse the contact linked to the identity, or an unlinked
   * contact of the client with the same email; and link every contact it inserts to its identity (the
   * request key).
   */
  List<CreateResult> create(Handle h, MspTenantId tenant, SyncLinking sync, List<NewContact> contacts) {
    boolean forSync = sync != null;
    List<String> keys = new ArrayList<>();
    List<String> clientIds = new ArrayList<>();
    List<String> fullNames = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> emailKeys = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<String> upns = new ArrayList<>();
    List<String> newIds = new ArrayList<>();
    List<Boolean> repeats = new ArrayList<>();
    Set<String> emailsOfBatch = new HashSet<>();
    Phones phones = new Phones();
    int ord = 0;
    for (NewContact contact : contacts) {
      ord++;
      String emailKey = EmailNormalization.normalize(contact.email());
      keys.add(contact.requestKey());
      clientIds.add(contact.clientId());
      fullNames.add(contact.fullName());
      emails.add(contact.email());
      emailKeys.add(emailKey);
      roles.add(contact.role());
      upns.add(contact.userPrincipalName());
      newIds.add(ids.contactId(tenant, contact));
      // the scope a create's email must be unique in: the client, or the whole MSP tenant
      repeats.add(!emailsOfBatch.add((emailUniquePerTenant ? "" : contact.clientId()) + '\n' + emailKey));
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
        .bindArray("newIds", String.class, newIds)
        .bindArray("repeats", Boolean.class, repeats);
    if (forSync) {
      if (sync.seen().size() != contacts.size()) {
        throw new IllegalArgumentException("One seen flag per create request: " + sync.seen().size() + " for "
            + contacts.size());
      }
      query.bind("tenantId", sync.tenantId())
          .bind("linkClientId", sync.linkClientId())
          .bind("syncedAt", Db.ts(sync.syncedAt()))
          .bind("autoCreated", Resolution.Kind.AUTO_CREATED.prefix())
          .bind("resolvedBy", SystemActor.SYNC.id())
          .bindArray("seens", Boolean.class, sync.seen());
    }
    List<Integer> phoneOrds = new ArrayList<>();
    phones.owners.forEach(o -> phoneOrds.add(Integer.valueOf(o)));
    query.bindArray("phoneOrds", Integer.class, phoneOrds);
    phones.bindValues(query);
    // only the requests that did not create their contact are reported (by number, from 1)
    List<CreateResult> results = new ArrayList<>(contacts.size());
    for (int i = 0; i < contacts.size(); i++) {
      results.add(new CreateResult(keys.get(i), CreateOutcome.CREATED, newIds.get(i), null));
    }
    query.map((rs, ctx) -> {
      int index = rs.getInt("ord") - 1;
      String key = keys.get(index);
      String outcome = rs.getString("outcome");
      CreateResult result;
      if (outcome.startsWith(REFUSED_PREFIX)) {
        result = CreateResult.refused(key, ReferenceHostRefusal.ofCode(outcome.substring(REFUSED_PREFIX.length())));
      } else {
        CreateOutcome decided = CreateOutcome.ofSql(outcome);
        result = decided == CreateOutcome.CREATED
            ? CreateResult.refused(key, ReferenceHostRefusal.TAKEN_MEANWHILE) // decided, but its id was taken
            : new CreateResult(key, decided, rs.getString("existing_contact_id"), null);
      }
      results.set(index, result);
      return result;
    }).forEach(r -> {});
    return results;
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
