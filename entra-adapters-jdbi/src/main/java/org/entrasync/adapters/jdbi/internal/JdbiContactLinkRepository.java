package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ContactLinkRepository} over {@code entra_contact_links}. Links are never deleted: a link
 * that stops being active is kept with status {@code detached}.
 */
public final class JdbiContactLinkRepository implements ContactLinkRepository {
  static final String COLUMNS = """
      entra_tenant_id, entra_object_id, contact_id, client_id, status, sync_inactivated_reason,
      last_seen_at, last_synced_at, pending_removal_reason, pending_removal_at, account_enabled
      """;

  /** A tenant's active links in sync, and those not heard of {@code :since} (see {@link #tenantLinks}). */
  static final String TENANT_LINK_COUNTS = """
      select count(*) as active, count(*) filter (where sync_inactivated_reason is null) as in_sync,
             count(*) filter (where pending_removal_reason is null
                                and sync_inactivated_reason is distinct from 'deleted_upstream'
                                and (last_seen_at is null or last_seen_at < :since)) as unheard
        from entra_contact_links
       where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
      """;

  /**
   * Rows are written in the order given; callers pass detachments first so that a contact's old
   * link is detached before a new one becomes active. A null timestamp keeps the stored one. The
   * pending removal is not written here (see the port).
   */
  private static final String UPSERT = """
      insert into entra_contact_links
        (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, client_id, status,
         sync_inactivated_reason, last_seen_at, last_synced_at)
      values (:msp, :tenantId, :objectId, :contactId, :clientId, :status, :reason, :seenAt, :syncedAt)
      on conflict (msp_tenant_id, entra_tenant_id, entra_object_id) do update
         set contact_id = excluded.contact_id,
             client_id = excluded.client_id,
             status = excluded.status,
             sync_inactivated_reason = excluded.sync_inactivated_reason,
             last_seen_at = coalesce(excluded.last_seen_at, entra_contact_links.last_seen_at),
             last_synced_at = coalesce(excluded.last_synced_at, entra_contact_links.last_synced_at),
             updated_at = now()
      """;

  private final Jdbi jdbi;

  public JdbiContactLinkRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Map<EntraObjectId, ContactLink> findActiveByObjectIds(
      MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    List<String> ids = Db.distinct(objectIds, EntraObjectId::value);
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<ContactLink> links = jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_contact_links
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
              and entra_object_id = any(:ids)
            order by entra_object_id
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> map(rs))
        .list());
    Map<EntraObjectId, ContactLink> out = new LinkedHashMap<>();
    links.forEach(link -> out.put(link.objectId(), link));
    return out;
  }

  @Override
  public Set<String> findLinkedContactIds(MspTenantId msp, Collection<String> contactIds) {
    List<String> ids = Db.distinct(contactIds, id -> id);
    if (ids.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(jdbi.withHandle(h -> h.createQuery("""
            select contact_id from entra_contact_links
             where msp_tenant_id = :msp and status = 'active' and contact_id = any(:ids)
            """)
        .bind("msp", msp.value())
        .bindArray("ids", String.class, ids)
        .mapTo(String.class)
        .list()));
  }

  @Override
  public Optional<ContactLink> findActiveByContact(MspTenantId msp, String contactId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_contact_links
            where msp_tenant_id = :msp and contact_id = :contactId and status = 'active'
            """)
        .bind("msp", msp.value())
        .bind("contactId", contactId)
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public void upsert(MspTenantId msp, List<ContactLink> links) {
    if (links.isEmpty()) {
      return;
    }
    // One row per identity (the last one given wins); detachments before activations.
    Map<String, ContactLink> byIdentity = new LinkedHashMap<>();
    for (ContactLink link : links) {
      byIdentity.put(link.tenantId().value() + "/" + link.objectId().value(), link);
    }
    List<ContactLink> ordered = new ArrayList<>();
    byIdentity.values().stream().filter(l -> !l.active()).forEach(ordered::add);
    byIdentity.values().stream().filter(ContactLink::active).forEach(ordered::add);
    jdbi.useTransaction(h -> {
      var batch = h.prepareBatch(UPSERT);
      for (ContactLink link : ordered) {
        batch.bind("msp", msp.value())
            .bind("tenantId", link.tenantId().value())
            .bind("objectId", link.objectId().value())
            .bind("contactId", link.contactId())
            .bind("clientId", link.clientId())
            .bind("status", link.active() ? "active" : "detached")
            .bind("reason", Db.wire(link.syncInactivated()))
            .bind("seenAt", Db.ts(link.lastSeenAt()))
            .bind("syncedAt", Db.ts(link.lastSyncedAt()))
            .add();
      }
      batch.execute();
    });
  }

  @Override
  public void clearSyncReason(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    List<String> ids = Db.distinct(objectIds, EntraObjectId::value);
    if (ids.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> clearSyncReason(h, msp, tenantId.value(), ids));
  }

  /** {@link #clearSyncReason} on a handle (the page writer's transaction). */
  static void clearSyncReason(org.jdbi.v3.core.Handle h, MspTenantId msp, String tenantId, List<String> objectIds) {
    h.createUpdate("""
            update entra_contact_links set sync_inactivated_reason = null, updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = any(:ids)
               and sync_inactivated_reason is not null
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId)
        .bindArray("ids", String.class, objectIds)
        .execute();
  }

  /** Marks (with a reason) or clears (reason null) pending removals, in one statement. */
  static void setPendingRemovals(org.jdbi.v3.core.Handle h, MspTenantId msp, String tenantId, List<String> objectIds,
      List<String> reasons, Instant at) {
    h.createUpdate("""
            update entra_contact_links l
               set pending_removal_reason = x.reason,
                   pending_removal_at = case when x.reason is null then null else cast(:at as timestamptz) end,
                   updated_at = now()
              from unnest(:ids, :reasons) as x(object_id, reason)
             where l.msp_tenant_id = :msp and l.entra_tenant_id = :tenantId and l.entra_object_id = x.object_id
               and l.status = 'active'
               and (x.reason is not null or l.pending_removal_reason is not null)
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId)
        .bind("at", Db.ts(at))
        .bindArray("ids", String.class, objectIds)
        .bindArray("reasons", String.class, reasons)
        .execute();
  }

  /** Records the account state of these identities' active links (one statement; both writers use it). */
  static void setAccountEnabled(org.jdbi.v3.core.Handle h, MspTenantId msp, String tenantId, Map<EntraObjectId, Boolean> enabled) {
    if (enabled.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>();
    List<Boolean> states = new ArrayList<>();
    enabled.forEach((id, state) -> {
      ids.add(id.value());
      states.add(Objects.requireNonNull(state, "state"));
    });
    h.createUpdate("""
            update entra_contact_links l
               set account_enabled = x.enabled, updated_at = now()
              from unnest(:ids, cast(:states as boolean[])) as x(object_id, enabled)
             where l.msp_tenant_id = :msp and l.entra_tenant_id = :tenantId and l.entra_object_id = x.object_id
               and l.status = 'active'
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId)
        .bindArray("ids", String.class, ids)
        .bindArray("states", Boolean.class, states)
        .execute();
  }

  @Override
  public void recordAccountEnabled(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Boolean> enabled) {
    if (enabled.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> setAccountEnabled(h, msp, tenantId.value(), enabled));
  }

  @Override
  public void markPendingRemoval(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, InactiveReason> reasons,
      Instant at) {
    if (reasons.isEmpty()) {
      return;
    }
    Objects.requireNonNull(at, "at");
    List<String> ids = new ArrayList<>();
    List<String> wire = new ArrayList<>();
    reasons.forEach((id, reason) -> {
      ids.add(id.value());
      wire.add(Objects.requireNonNull(reason, "reason").wireName());
    });
    jdbi.useHandle(h -> setPendingRemovals(h, msp, tenantId.value(), ids, wire, at));
  }

  @Override
  public void clearPendingRemoval(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    List<String> ids = Db.distinct(objectIds, EntraObjectId::value);
    if (ids.isEmpty()) {
      return;
    }
    List<String> none = new ArrayList<>(java.util.Collections.nCopies(ids.size(), (String) null));
    jdbi.useHandle(h -> setPendingRemovals(h, msp, tenantId.value(), ids, none, null));
  }

  @Override
  public List<ContactLink> findPendingRemovals(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_contact_links
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
              and pending_removal_reason is not null
            order by entra_object_id
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public int countUnheardSince(MspTenantId msp, EntraTenantId tenantId, Instant since) {
    return jdbi.withHandle(h -> h.createQuery("""
            select count(*) from entra_contact_links
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
               and pending_removal_reason is null
               and sync_inactivated_reason is distinct from 'deleted_upstream'
               and (last_seen_at is null or last_seen_at < :since)
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("since", Db.ts(since))
        .mapTo(Integer.class)
        .one());
  }

  @Override
  public void markSeen(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds, Instant seenAt) {
    List<String> ids = Db.distinct(objectIds, EntraObjectId::value);
    if (ids.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_contact_links set last_seen_at = :seenAt, updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = any(:ids)
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("seenAt", Db.ts(seenAt))
        .bindArray("ids", String.class, ids)
        .execute());
  }

  @Override
  public int countInSync(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("""
            select count(*) from entra_contact_links
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
               and sync_inactivated_reason is null
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .mapTo(Integer.class)
        .one());
  }

  @Override
  public int countActive(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("""
            select count(*) from entra_contact_links
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .mapTo(Integer.class)
        .one());
  }

  @Override
  public List<ContactLink> findActiveNotSeenSince(MspTenantId msp, EntraTenantId tenantId, Instant listingStartedAt) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_contact_links
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
              and sync_inactivated_reason is distinct from 'deleted_upstream'
              and (last_seen_at is null or last_seen_at < :since)
            order by entra_object_id
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("since", Db.ts(listingStartedAt))
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public List<ContactLink> listAll(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS
            + " from entra_contact_links where msp_tenant_id = :msp order by entra_tenant_id, entra_object_id")
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /**
   * The three figures in one round trip: the counts over the tenant's active links, joined with its
   * pending removals (no pending removal: one row of counts and null link columns).
   */
  @Override
  public TenantLinks tenantLinks(MspTenantId msp, EntraTenantId tenantId, Instant since) {
    return jdbi.withHandle(h -> {
      int[] counts = {0, 0};
      List<ContactLink> pending = new ArrayList<>();
      h.createQuery("""
              -- tenant: links as a round starts (counts, pending removals)
              with counts as (""" + TENANT_LINK_COUNTS + ")\n" + """
              select c.in_sync, c.unheard, p.*
                from counts c
                left join lateral (select """ + " " + COLUMNS + """
                                     from entra_contact_links
                                    where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
                                      and pending_removal_reason is not null) p on true
               order by p.entra_object_id
              """)
          .bind("msp", msp.value())
          .bind("tenantId", tenantId.value())
          .bind("since", Db.ts(since))
          .map((rs, ctx) -> {
            counts[0] = rs.getInt("in_sync");
            counts[1] = rs.getInt("unheard");
            if (rs.getString("entra_object_id") != null) {
              pending.add(map(rs));
            }
            return null;
          })
          .forEach(row -> {});
      return new TenantLinks(counts[0], counts[1], pending);
    });
  }

  static ContactLink map(ResultSet rs) throws SQLException {
    String reason = rs.getString("sync_inactivated_reason");
    String pending = rs.getString("pending_removal_reason");
    return new ContactLink(
        EntraTenantId.of(rs.getString("entra_tenant_id")),
        EntraObjectId.of(rs.getString("entra_object_id")),
        rs.getString("contact_id"),
        rs.getString("client_id"),
        "active".equals(rs.getString("status")),
        reason == null ? null : WireNamed.fromWire(InactiveReason.class, reason),
        Db.instant(rs, "last_seen_at"),
        Db.instant(rs, "last_synced_at"),
        pending == null ? null : WireNamed.fromWire(InactiveReason.class, pending),
        Db.instant(rs, "pending_removal_at"),
        rs.getObject("account_enabled", Boolean.class));
  }
}
