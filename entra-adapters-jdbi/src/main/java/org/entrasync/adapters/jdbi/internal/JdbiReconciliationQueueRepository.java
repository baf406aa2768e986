package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link ReconciliationQueueRepository} over {@code entra_reconciliation_queue}. Closed items stay
 * as history; at most one open item per identity (a partial unique index).
 */
public final class JdbiReconciliationQueueRepository implements ReconciliationQueueRepository {
  private static final String COLUMNS = """
      entra_tenant_id, entra_object_id, client_id, email, display_name, candidate_contact_ids::text as candidates,
      status, resolution, resolved_by, created_at, resolved_at, job_title, user_principal_name, phones::text as phones
      """;

  /** Inserts open items or refreshes the open item of an identity (one statement for many items). */
  static final String UPSERT_OPEN = """
      insert into entra_reconciliation_queue
        (msp_tenant_id, entra_tenant_id, entra_object_id, client_id, email, display_name,
         candidate_contact_ids, status, created_at, updated_at, job_title, user_principal_name, phones)
      select :msp, q.tenant_id, q.object_id, q.client_id, q.email, q.display_name,
             cast(q.candidates as jsonb), 'open', coalesce(q.created_at, now()), now(), q.job_title, q.upn,
             cast(q.phones as jsonb)
        from unnest(:tenantIds, :objectIds, :clientIds, :emails, :names, :candidates,
                    cast(:createdAts as timestamptz[]), :jobTitles, :upns, :phones)
             as q(tenant_id, object_id, client_id, email, display_name, candidates, created_at, job_title, upn, phones)
      on conflict (msp_tenant_id, entra_tenant_id, entra_object_id) where status = 'open' do update
         set client_id = excluded.client_id,
             email = excluded.email,
             display_name = excluded.display_name,
             candidate_contact_ids = excluded.candidate_contact_ids,
             job_title = excluded.job_title,
             user_principal_name = excluded.user_principal_name,
             phones = excluded.phones,
             updated_at = now()
      """;

  private final Jdbi jdbi;

  public JdbiReconciliationQueueRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Map<EntraObjectId, ReconciliationItem> findLatestByObjectIds(
      MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    List<String> ids = Db.distinct(objectIds, EntraObjectId::value);
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<ReconciliationItem> items = jdbi.withHandle(h -> h.createQuery("select distinct on (entra_object_id) "
            + COLUMNS + """
             from entra_reconciliation_queue
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = any(:ids)
            order by entra_object_id, created_at desc, item_id desc
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> map(rs))
        .list());
    Map<EntraObjectId, ReconciliationItem> out = new LinkedHashMap<>();
    items.forEach(item -> out.put(item.objectId(), item));
    return out;
  }

  @Override
  public void upsertOpen(MspTenantId msp, List<ReconciliationItem> items) {
    if (items.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> upsertOpen(h, msp, items));
  }

  /** The upsert on a given handle (the page writer runs it inside its transaction). */
  static void upsertOpen(Handle h, MspTenantId msp, List<ReconciliationItem> items) {
    Map<String, ReconciliationItem> byIdentity = new LinkedHashMap<>();
    for (ReconciliationItem item : items) {
      byIdentity.put(item.tenantId().value() + "/" + item.objectId().value(), item);
    }
    List<String> tenantIds = new ArrayList<>();
    List<String> objectIds = new ArrayList<>();
    List<String> clientIds = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    List<String> createdAts = new ArrayList<>();
    List<String> jobTitles = new ArrayList<>();
    List<String> upns = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    for (ReconciliationItem item : byIdentity.values()) {
      jobTitles.add(item.values().jobTitle());
      upns.add(item.values().userPrincipalName());
      phones.add(Json.phones(item.values().phones()));
      tenantIds.add(item.tenantId().value());
      objectIds.add(item.objectId().value());
      clientIds.add(item.clientId());
      emails.add(item.email());
      names.add(item.displayName());
      candidates.add(Json.stringArray(item.candidateContactIds()));
      createdAts.add(item.createdAt() == null ? null : item.createdAt().toString());
    }
    h.createUpdate(UPSERT_OPEN)
        .bind("msp", msp.value())
        .bindArray("tenantIds", String.class, tenantIds)
        .bindArray("objectIds", String.class, objectIds)
        .bindArray("clientIds", String.class, clientIds)
        .bindArray("emails", String.class, emails)
        .bindArray("names", String.class, names)
        .bindArray("candidates", String.class, candidates)
        .bindArray("createdAts", String.class, createdAts)
        .bindArray("jobTitles", String.class, jobTitles)
        .bindArray("upns", String.class, upns)
        .bindArray("phones", String.class, phones)
        .execute();
  }

  @Override
  public List<ReconciliationItem> listOpen(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_reconciliation_queue
            where msp_tenant_id = :msp and status = 'open'
            order by created_at, item_id
            """)
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public int countOpen(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("""
            select count(*) from entra_reconciliation_queue
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'open'
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .mapTo(Integer.class)
        .one());
  }

  @Override
  public boolean hasAny(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("""
            select exists (select 1 from entra_reconciliation_queue
                            where msp_tenant_id = :msp and entra_tenant_id = :tenantId)
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .mapTo(Boolean.class)
        .one());
  }

  @Override
  public Optional<ReconciliationItem> findOpen(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_reconciliation_queue
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = :objectId
              and status = 'open'
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("objectId", objectId.value())
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public boolean close(MspTenantId msp, EntraTenantId tenantId, EntraObjectId objectId, Resolution resolution,
      String by, Instant at) {
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(at, "at");
    return jdbi.withHandle(h -> h.createUpdate("""
            update entra_reconciliation_queue
               set status = :status, resolution = :resolution, resolved_by = :by, resolved_at = :at,
                   updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = :objectId
               and status = 'open'
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("objectId", objectId.value())
        .bind("status", resolution.status().wireName())
        .bind("resolution", resolution.text())
        .bind("by", by)
        .bind("at", Db.ts(at))
        .execute()) > 0;
  }

  /** One statement for the whole page (the port's default would close item by item). */
  @Override
  public void resolveOpen(MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Resolution> resolutions,
      Instant at) {
    if (resolutions.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> resolveOpen(h, msp, tenantId, resolutions, at));
  }

  /** The batch resolve on a given handle (the page writer runs it inside its transaction). */
  static void resolveOpen(Handle h, MspTenantId msp, EntraTenantId tenantId, Map<EntraObjectId, Resolution> resolutions,
      Instant at) {
    List<String> objectIds = new ArrayList<>(resolutions.size());
    List<String> texts = new ArrayList<>(resolutions.size());
    resolutions.forEach((id, resolution) -> {
      objectIds.add(id.value());
      texts.add(resolution.text());
    });
    h.createUpdate("""
            update entra_reconciliation_queue q
               set status = 'resolved', resolution = r.resolution, resolved_by = :by, resolved_at = :at,
                   updated_at = now()
              from unnest(:objectIds, :resolutions) as r(object_id, resolution)
             where q.msp_tenant_id = :msp and q.entra_tenant_id = :tenantId and q.status = 'open'
               and q.entra_object_id = r.object_id
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bindArray("objectIds", String.class, objectIds)
        .bindArray("resolutions", String.class, texts)
        .bind("by", SystemActor.SYNC.id())
        .bind("at", Db.ts(Objects.requireNonNull(at, "at")))
        .execute();
  }

  @Override
  public List<ReconciliationItem> listAll(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_reconciliation_queue
            where msp_tenant_id = :msp
            order by entra_tenant_id, entra_object_id, created_at, item_id
            """)
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  private static ReconciliationItem map(ResultSet rs) throws SQLException {
    return new ReconciliationItem(
        EntraTenantId.of(rs.getString("entra_tenant_id")),
        EntraObjectId.of(rs.getString("entra_object_id")),
        rs.getString("client_id"),
        rs.getString("email"),
        rs.getString("display_name"),
        Json.stringArray(rs.getString("candidates")),
        WireNamed.fromWire(QueueStatus.class, rs.getString("status")),
        rs.getString("resolution"),
        rs.getString("resolved_by"),
        Db.instant(rs, "created_at"),
        Db.instant(rs, "resolved_at"),
        new ReconciliationItem.Values(rs.getString("job_title"), rs.getString("user_principal_name"),
            Json.phones(rs.getString("phones"))));
  }
}
