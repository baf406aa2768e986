package org.entrasync.adapters.jdbi.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The page writer of hosts whose contacts are the reference host tables ({@code psa_contacts}) in the
 * library's own database: applies one page's plan to those and the library's tables in one
 * transaction, with at most ten statements whatever the page size. One
 * transaction: no failure can leave a contact written and its link not, so the order of the
 * statements inside it is not observable (the port-based writer, which has no such transaction,
 * writes host contacts first and links last).
 *
 * <ol>
 *   <li>create contacts (and their phones) for {@code Create}, idempotently: an identity already
 *       linked keeps its contact, an unlinked contact of the client with the same email is linked
 *       instead of duplicated, and a create the host refuses becomes a skip ({@code host_refused}).
 *       The same statement links each contact it inserts and resolves the identity's open item
 *       ({@code auto-created:<id>}): an initial sync's page is one write statement;
 *   <li>upsert links: new active links for the other {@code Create}s and {@code Link}; the sync-inactivated reason
 *       set for {@code Inactivate}, cleared for {@code Reactivate}; last-synced for every linked
 *       action. A contact that another identity holds is never taken over (that action becomes a
 *       skip);
 *   <li>apply contact changes: field patches of {@code Link}/{@code Update}/{@code Reactivate},
 *       inactive with the reason's wire name for {@code Inactivate}, active with the reason cleared
 *       for {@code Reactivate};
 *   <li>clear the stale sync reasons of {@link SyncPlan.LinkUpkeep#clearSyncReason()};
 *   <li>record the page's pending removals ({@code PendingRemoval}) and drop those of identities that
 *       came back or were just inactivated;
 *   <li>record the account states that changed ({@link SyncPlan.LinkUpkeep#accountEnabled()}; rarely sent);
 *   <li>mark every identity of {@link SyncPlan#seenObjectIds()} (and {@link SyncPlan.LinkUpkeep#heard()}) as seen;
 *   <li>upsert open reconciliation items for {@code Queue};
 *   <li>resolve the open items of identities that were just linked ({@code auto-linked:<id>}) or
 *       found linked already ({@code auto-created:<id>}), by {@link SystemActor#SYNC}.
 * </ol>
 *
 * A statement with nothing to do is not sent. No statement deletes a contact or a link.
 */
public final class ReferenceHostPageWriter implements SyncPageWriter {
  /** What the link upsert does with a link's sync-inactivated reason (the {@code mode} column). */
  private enum ReasonMode {
    /** Inactivated by the sync: the reason is set. */
    SET,
    /** Linked, created or reactivated: no reason. */
    CLEAR,
    /** Updated: the reason stays as it is. */
    KEEP;

    String sql() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final String UPSERT_LINKS = """
      with r as (
        select x.* from unnest(:objectIds, :contactIds, :modes, :reasons, cast(:seens as boolean[]))
               with ordinality as x(object_id, contact_id, mode, reason, seen, ord)
      ),
      ranked as (
        -- "taken": the contact's active link belongs to another identity. A join, not a correlated
        -- sub-select: a contact has at most one active link, so it matches at most one row, and the
        -- planner can hash or index it once per page instead of probing once per row (which, before
        -- the table has statistics, degenerated into scanning every link of the MSP per row).
        select r.*, cur.sync_inactivated_reason as current_reason,
               row_number() over (partition by r.contact_id order by r.ord) as contact_rank,
               (owner.contact_id is not null) as contact_taken
          from r
          left join entra_contact_links cur
                 on cur.msp_tenant_id = :msp and cur.entra_tenant_id = :tenantId
                and cur.entra_object_id = r.object_id
          left join entra_contact_links owner
                 on owner.msp_tenant_id = :msp and owner.contact_id = r.contact_id and owner.status = 'active'
                and not (owner.entra_tenant_id = :tenantId and owner.entra_object_id = r.object_id)
      )
      insert into entra_contact_links
        (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, client_id, status,
         sync_inactivated_reason, last_synced_at, last_seen_at)
      select :msp, :tenantId, x.object_id, x.contact_id, :clientId, 'active',
             case x.mode when 'set' then x.reason when 'clear' then null else x.current_reason end,
             :syncedAt,
             case when x.seen then :syncedAt end
        from ranked x
       where x.contact_rank = 1 and not x.contact_taken
       order by x.ord
      """ + ContactWrites.LINK_CONFLICT_UPDATE + """
      returning entra_object_id
      """;

  private static final String MARK_SEEN = """
      update entra_contact_links set last_seen_at = :seenAt, updated_at = now()
       where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = any(:ids)
      """;

  /**
   * The statistics the page statements are planned with: the tables' sizes (any ANALYZE) and the
   * columns they filter and join on. Only those columns: sorting a sample of every text column (names,
   * addresses, roles) took most of an ANALYZE's time; the others keep what autovacuum gives them.
   */
  private static final String ANALYZE_GROWN_TABLES = "analyze"
      + " entra_contact_links (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, status, last_seen_at,"
      + " pending_removal_reason),"
      + " psa_contacts (msp_tenant_id, id, client_id, email_normalized),"
      + " psa_contact_phones (msp_tenant_id, contact_id)";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferenceHostPageWriter.class);

  private final Jdbi jdbi;
  private final ContactWrites contacts;
  private final java.util.concurrent.atomic.AtomicLong rowsAdded = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong nextAnalyzeAt = new java.util.concurrent.atomic.AtomicLong(5_000);

  public ReferenceHostPageWriter(Jdbi jdbi, ReferenceHostTables host) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.contacts = Objects.requireNonNull(host, "host").writes();
  }

  @Override
  public PageWriteResult apply(MspTenantId msp, SyncPlan plan, Instant syncedAt) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(syncedAt, "syncedAt");
    PageWriteResult result = jdbi.inTransaction(h -> new PageApplication(h, msp, plan, syncedAt).run());
    refreshStatisticsAfterGrowth(result.counters().created() + result.counters().linked());
    return result;
  }

  /**
   * An initial sync grows the link and contact tables from nothing to hundreds of thousands of rows
   * faster than autovacuum analyzes them; until it does, the planner's estimates are for near-empty
   * tables and the page statements slow down with every page (measured: from 25 ms to 3 s per
   * page). So the writer refreshes the statistics itself each time the rows it added grow by a
   * factor of four (5,000, 20,000, 80,000, ...): a handful of cheap ANALYZEs per initial sync, none
   * in a steady state.
   */
  private void refreshStatisticsAfterGrowth(int added) {
    if (added <= 0) {
      return;
    }
    long total = rowsAdded.addAndGet(added);
    long threshold = nextAnalyzeAt.get();
    if (total >= threshold && nextAnalyzeAt.compareAndSet(threshold, threshold * 4)) {
      try {
        jdbi.useHandle(h -> h.execute(ANALYZE_GROWN_TABLES));
      } catch (RuntimeException e) {
        // Statistics are an optimization: a role that may not ANALYZE still syncs correctly.
        LOG.debug("Could not refresh table statistics after {} added rows: {}", total, e.toString());
      }
    }
  }

  /** The state of applying one plan. */
  private final class PageApplication {
    private final Handle h;
    private final MspTenantId msp;
    private final SyncPlan plan;
    private final Instant syncedAt;
    private final String tenantId;
    /** The last action of each identity (a plan has one per identity; the last wins if not). */
    private final Map<EntraObjectId, PlannedAction> actions = new LinkedHashMap<>();
    private final Map<String, ContactWrites.CreateResult> createResults = new HashMap<>();
    /** Identities whose contact the create statement inserted and linked (the link upsert skips them). */
    private final Set<String> createdAndLinked = new HashSet<>();
    private final Set<String> linkedIdentities = new HashSet<>();

    PageApplication(Handle h, MspTenantId msp, SyncPlan plan, Instant syncedAt) {
      this.h = h;
      this.msp = msp;
      this.plan = plan;
      this.syncedAt = syncedAt;
      this.tenantId = plan.tenantId().value();
      for (PlannedAction action : plan.actions()) {
        actions.remove(action.objectId());
        actions.put(action.objectId(), action);
      }
    }

    PageWriteResult run() {
      createContacts();
      upsertLinks();
      applyContactChanges();
      clearStaleSyncReasons();
      recordPendingRemovals();
      JdbiContactLinkRepository.setAccountEnabled(h, msp, tenantId, plan.upkeep().accountEnabled());
      markSeen();
      upsertQueueItems();
      resolveQueueItems();
      return result();
    }

    private void createContacts() {
      List<NewContact> requests = new ArrayList<>();
      List<Boolean> seen = new ArrayList<>();
      for (PlannedAction action : actions.values()) {
        if (action instanceof PlannedAction.Create) {
          PlannedAction.Create create = (PlannedAction.Create) action;
          NewContact c = create.contact();
          // The request key is the identity, whatever the planner put there: it keys the link.
          requests.add(c.requestKey().equals(create.objectId().value()) ? c
              : new NewContact(create.objectId().value(), c.clientId(), c.fullName(), c.email(), c.role(),
                  c.userPrincipalName(), c.phones()));
          seen.add(plan.seenObjectIds().contains(create.objectId()));
        }
      }
      if (requests.isEmpty()) {
        return;
      }
      ContactWrites.SyncLinking linking = new ContactWrites.SyncLinking(tenantId, plan.clientId(), syncedAt, seen);
      for (ContactWrites.CreateResult result : contacts.create(h, msp, linking, requests)) {
        createResults.put(result.requestKey(), result);
        if (result.outcome() == ContactWrites.CreateOutcome.CREATED) {
          createdAndLinked.add(result.requestKey());
        }
      }
    }

    private void upsertLinks() {
      List<String> objectIds = new ArrayList<>();
      List<String> contactIds = new ArrayList<>();
      List<String> modes = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      List<Boolean> seens = new ArrayList<>();
      for (PlannedAction action : actions.values()) {
        String contactId = null;
        ReasonMode mode = null;
        String reason = null;
        if (action instanceof PlannedAction.Create) {
          ContactWrites.CreateResult result = createResults.get(action.objectId().value());
          if (createdAndLinked.contains(action.objectId().value())) {
            continue; // inserted and linked by the create statement
          }
          if (result != null && result.contactId() != null) {
            contactId = result.contactId();
            mode = ReasonMode.CLEAR;
          }
        } else if (action instanceof PlannedAction.Link) {
          contactId = ((PlannedAction.Link) action).contactId();
          mode = ReasonMode.CLEAR;
        } else if (action instanceof PlannedAction.Update) {
          contactId = ((PlannedAction.Update) action).contactId();
          mode = ReasonMode.KEEP;
        } else if (action instanceof PlannedAction.Unchanged) {
          continue; // the link exists as it should; markSeen() records that the listing saw it
        } else if (action instanceof PlannedAction.Inactivate) {
          PlannedAction.Inactivate inactivate = (PlannedAction.Inactivate) action;
          contactId = inactivate.contactId();
          mode = ReasonMode.SET;
          reason = inactivate.reason().wireName();
        } else if (action instanceof PlannedAction.Reactivate) {
          contactId = ((PlannedAction.Reactivate) action).contactId();
          mode = ReasonMode.CLEAR;
        }
        if (contactId != null) {
          objectIds.add(action.objectId().value());
          contactIds.add(contactId);
          modes.add(mode.sql());
          reasons.add(reason);
          seens.add(plan.seenObjectIds().contains(action.objectId()));
        }
      }
      linkedIdentities.addAll(createdAndLinked);
      if (objectIds.isEmpty()) {
        return;
      }
      linkedIdentities.addAll(h.createQuery(UPSERT_LINKS)
          .bind("msp", msp.value())
          .bind("tenantId", tenantId)
          .bind("clientId", plan.clientId())
          .bind("syncedAt", Db.ts(syncedAt))
          .bindArray("objectIds", String.class, objectIds)
          .bindArray("contactIds", String.class, contactIds)
          .bindArray("modes", String.class, modes)
          .bindArray("reasons", String.class, reasons)
          .bindArray("seens", Boolean.class, seens)
          .mapTo(String.class)
          .list());
    }

    private void applyContactChanges() {
      List<ContactChange> changes = new ArrayList<>();
      for (PlannedAction action : actions.values()) {
        if (!linkedIdentities.contains(action.objectId().value())) {
          continue;
        }
        if (action instanceof PlannedAction.Link) {
          addPatch(changes, ((PlannedAction.Link) action).patch());
        } else if (action instanceof PlannedAction.Update) {
          addPatch(changes, ((PlannedAction.Update) action).patch());
        } else if (action instanceof PlannedAction.Inactivate) {
          PlannedAction.Inactivate inactivate = (PlannedAction.Inactivate) action;
          changes.add(ContactChange.inactivate(inactivate.contactId(), inactivate.reason().wireName()));
        } else if (action instanceof PlannedAction.Reactivate) {
          PlannedAction.Reactivate reactivate = (PlannedAction.Reactivate) action;
          ContactPatch patch = reactivate.patch();
          changes.add(ContactChange.reactivate(reactivate.contactId(),
              patch == null ? null : new ContactPatch(reactivate.contactId(), patch.fullName(), patch.email(),
                  patch.role(), patch.userPrincipalName(), patch.phones())));
        }
      }
      if (!changes.isEmpty()) {
        contacts.applyChanges(h, msp, changes);
      }
    }

    private void addPatch(List<ContactChange> changes, ContactPatch patch) {
      if (patch != null && !patch.isEmpty()) {
        changes.add(ContactChange.patch(patch));
      }
    }

    private void clearStaleSyncReasons() {
      if (!plan.upkeep().clearSyncReason().isEmpty()) {
        JdbiContactLinkRepository.clearSyncReason(h, msp, tenantId,
            Db.distinct(plan.upkeep().clearSyncReason(), EntraObjectId::value));
      }
    }

    /**
     * One statement: marks the round's pending removals, and drops those of identities that came
     * back ({@link SyncPlan.LinkUpkeep#returned()}) or were just inactivated (decided).
     */
    private void recordPendingRemovals() {
      Map<String, String> reasons = new LinkedHashMap<>();
      for (EntraObjectId id : plan.upkeep().returned()) {
        reasons.put(id.value(), null);
      }
      for (PlannedAction action : actions.values()) {
        if (action instanceof PlannedAction.PendingRemoval) {
          reasons.put(action.objectId().value(), ((PlannedAction.PendingRemoval) action).reason().wireName());
        } else if (action instanceof PlannedAction.Inactivate && linkedIdentities.contains(action.objectId().value())) {
          reasons.put(action.objectId().value(), null);
        }
      }
      if (!reasons.isEmpty()) {
        JdbiContactLinkRepository.setPendingRemovals(h, msp, tenantId, new ArrayList<>(reasons.keySet()),
            new ArrayList<>(reasons.values()), syncedAt);
      }
    }

    private void markSeen() {
      // Links the upsert just wrote already carry this listing's last-seen time.
      java.util.Set<EntraObjectId> seen = new java.util.LinkedHashSet<>(plan.seenObjectIds());
      seen.addAll(plan.upkeep().heard());
      List<String> ids = Db.distinct(seen, EntraObjectId::value).stream()
          .filter(id -> !linkedIdentities.contains(id) || plan.upkeep().heard().contains(EntraObjectId.of(id)))
          .toList();
      if (ids.isEmpty()) {
        return;
      }
      h.createUpdate(MARK_SEEN)
          .bind("msp", msp.value())
          .bind("tenantId", tenantId)
          .bind("seenAt", Db.ts(syncedAt))
          .bindArray("ids", String.class, ids)
          .execute();
    }

    private void upsertQueueItems() {
      List<ReconciliationItem> items = new ArrayList<>();
      for (PlannedAction action : actions.values()) {
        if (action instanceof PlannedAction.Queue) {
          PlannedAction.Queue queue = (PlannedAction.Queue) action;
          items.add(new ReconciliationItem(plan.tenantId(), queue.objectId(), plan.clientId(), queue.email(),
              queue.displayName(), queue.candidateContactIds(), QueueStatus.OPEN, null, null, syncedAt, null,
              queue.values()));
        }
      }
      if (!items.isEmpty()) {
        JdbiReconciliationQueueRepository.upsertOpen(h, msp, items);
      }
    }

    private void resolveQueueItems() {
      Map<EntraObjectId, Resolution> resolutions = new LinkedHashMap<>();
      for (PlannedAction action : actions.values()) {
        if (!linkedIdentities.contains(action.objectId().value())) {
          continue;
        }
        if (action instanceof PlannedAction.Link) {
          resolutions.put(action.objectId(), Resolution.autoLinked(((PlannedAction.Link) action).contactId()));
        } else if (action instanceof PlannedAction.Create) {
          if (createdAndLinked.contains(action.objectId().value())) {
            continue; // resolved by the create statement
          }
          ContactWrites.CreateResult result = createResults.get(action.objectId().value());
          resolutions.put(action.objectId(), result.outcome() == ContactWrites.CreateOutcome.LINKED_EXISTING
              ? Resolution.autoLinked(result.contactId())
              : Resolution.autoCreated(result.contactId()));
        }
      }
      if (!resolutions.isEmpty()) {
        JdbiReconciliationQueueRepository.resolveOpen(h, msp, plan.tenantId(), resolutions, syncedAt);
      }
    }

    /** The writes that did not happen as planned; the counting itself is the port's one rule. */
    private PageWriteResult result() {
      List<PlannedAction.Skip> refused = new ArrayList<>();
      List<EntraObjectId> linkedInstead = new ArrayList<>();
      for (PlannedAction action : actions.values()) {
        String objectId = action.objectId().value();
        if (action instanceof PlannedAction.Skip || action instanceof PlannedAction.PendingRemoval
            || action instanceof PlannedAction.Queue || action instanceof PlannedAction.Unchanged) {
          continue; // nothing upserted: nothing to refuse
        }
        if (action instanceof PlannedAction.Create) {
          ContactWrites.CreateResult result = createResults.get(objectId);
          if (result == null || result.contactId() == null) {
            refused.add(new PlannedAction.Skip(action.objectId(), SkipReason.HOST_REFUSED,
                result == null ? "the host did not create the contact" : result.refusal().text()));
          } else if (!linkedIdentities.contains(objectId)) {
            refused.add(contactTaken(action));
          } else if (result.outcome() == ContactWrites.CreateOutcome.LINKED_EXISTING) {
            linkedInstead.add(action.objectId());
          }
        } else if (!linkedIdentities.contains(objectId)) {
          refused.add(contactTaken(action));
        }
      }
      return PageWriteResult.of(plan, refused, linkedInstead);
    }

    private PlannedAction.Skip contactTaken(PlannedAction action) {
      return new PlannedAction.Skip(action.objectId(), SkipReason.HOST_REFUSED,
          "the contact is already linked to another Entra identity");
    }
  }
}
