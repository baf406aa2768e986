package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/** {@link ManagedTenantRepository} over {@code entra_managed_tenants}. */
public final class JdbiManagedTenantRepository implements ManagedTenantRepository {
  private static final String COLUMNS = """
      entra_tenant_id, display_name, primary_domain, source_user_count, discovered_at, last_seen_at,
      present, delta_cursor, last_sync_eligible_users, last_sync_observed_at
      """;

  private static final String UPSERT_DISCOVERED = """
      insert into entra_managed_tenants
        (msp_tenant_id, entra_tenant_id, display_name, primary_domain, source_user_count,
         discovered_at, last_seen_at, present)
      select :msp, t.id, t.name, t.domain, t.users, :at, :at, true
        from unnest(:ids, :names, :domains, :userCounts) as t(id, name, domain, users)
      on conflict (msp_tenant_id, entra_tenant_id) do update
         set display_name = excluded.display_name,
             primary_domain = coalesce(excluded.primary_domain, entra_managed_tenants.primary_domain),
             source_user_count = coalesce(excluded.source_user_count, entra_managed_tenants.source_user_count),
             last_seen_at = excluded.last_seen_at,
             present = true,
             updated_at = now()
      """;

  private static final String MARK_ABSENT = """
      update entra_managed_tenants
         set present = false, updated_at = now()
       where msp_tenant_id = :msp and present and not (entra_tenant_id = any(:ids))
      """;

  private final Jdbi jdbi;

  public JdbiManagedTenantRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void recordDiscovery(MspTenantId msp, List<DiscoveredTenant> tenants, Instant seenAt) {
    Objects.requireNonNull(seenAt, "seenAt");
    // One row per tenant id (the last listing of a duplicate wins), so the upsert touches each once.
    Map<String, DiscoveredTenant> byId = new LinkedHashMap<>();
    for (DiscoveredTenant tenant : tenants) {
      byId.put(tenant.id().value(), tenant);
    }
    List<String> ids = new ArrayList<>(byId.keySet());
    List<String> names = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    List<Integer> userCounts = new ArrayList<>();
    for (DiscoveredTenant tenant : byId.values()) {
      names.add(tenant.displayName());
      domains.add(tenant.primaryDomain());
      userCounts.add(tenant.userCount());
    }
    jdbi.useTransaction(h -> {
      if (!ids.isEmpty()) {
        h.createUpdate(UPSERT_DISCOVERED)
            .bind("msp", msp.value())
            .bind("at", Db.ts(seenAt))
            .bindArray("ids", String.class, ids)
            .bindArray("names", String.class, names)
            .bindArray("domains", String.class, domains)
            .bindArray("userCounts", Integer.class, userCounts)
            .execute();
      }
      h.createUpdate(MARK_ABSENT).bind("msp", msp.value()).bindArray("ids", String.class, ids).execute();
    });
  }

  @Override
  public List<ManagedTenant> list(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery(
            "select " + COLUMNS + " from entra_managed_tenants where msp_tenant_id = :msp"
                + " order by display_name collate \"C\", entra_tenant_id")
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(msp, rs))
        .list());
  }

  @Override
  public Optional<ManagedTenant> find(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery(
            "select " + COLUMNS + " from entra_managed_tenants where msp_tenant_id = :msp and entra_tenant_id = :id")
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .map((rs, ctx) -> map(msp, rs))
        .findOne());
  }

  @Override
  public void clearDeltaCursors(MspTenantId msp) {
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_managed_tenants set delta_cursor = null, updated_at = now()
             where msp_tenant_id = :msp and delta_cursor is not null
            """)
        .bind("msp", msp.value())
        .execute());
  }

  @Override
  public void saveDeltaCursor(MspTenantId msp, EntraTenantId tenantId, String deltaCursor) {
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_managed_tenants set delta_cursor = :cursor, updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :id
            """)
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .bind("cursor", deltaCursor)
        .execute());
  }

  @Override
  public void recordSyncEnd(MspTenantId msp, EntraTenantId tenantId, SyncEnd end) {
    if (end.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> bindSyncEnd(h.createUpdate("update entra_managed_tenants " + SYNC_END_SET
            + " where msp_tenant_id = :msp and entra_tenant_id = :id"), end)
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .execute());
  }

  /**
   * The SET clause of a round end (cursor, count and when it was observed), shared by {@link
   * #recordSyncEnd} and the run repository's one-statement round end. A cursor is replaced only when
   * the round says so; a count, only when the round counted.
   */
  static final String SYNC_END_SET = """
      set delta_cursor = case when :endReplaceCursor then cast(:endCursor as text) else delta_cursor end,
          last_sync_eligible_users = coalesce(cast(:endUsers as integer), last_sync_eligible_users),
          last_sync_observed_at = case when cast(:endUsers as integer) is null then last_sync_observed_at
                                       else cast(:endAt as timestamptz) end,
          updated_at = now()
      """;

  /** Binds {@link #SYNC_END_SET}'s parameters. */
  static <S extends SqlStatement<S>> S bindSyncEnd(S statement, SyncEnd end) {
    return statement.bind("endReplaceCursor", end.replaceCursor())
        .bind("endCursor", end.deltaCursor())
        .bind("endUsers", end.eligibleUsers())
        .bind("endAt", Db.ts(end.observedAt()));
  }

  @Override
  public void recordCompletedSync(MspTenantId msp, EntraTenantId tenantId, int eligibleUsers, Instant observedAt) {
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_managed_tenants
               set last_sync_eligible_users = :users, last_sync_observed_at = :at, updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :id
            """)
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .bind("users", eligibleUsers)
        .bind("at", Db.ts(observedAt))
        .execute());
  }

  private static ManagedTenant map(MspTenantId msp, ResultSet rs) throws SQLException {
    return new ManagedTenant(
        msp,
        EntraTenantId.of(rs.getString("entra_tenant_id")),
        rs.getString("display_name"),
        rs.getString("primary_domain"),
        Db.integer(rs, "source_user_count"),
        Db.instant(rs, "discovered_at"),
        Db.instant(rs, "last_seen_at"),
        rs.getBoolean("present"),
        rs.getString("delta_cursor"),
        Db.integer(rs, "last_sync_eligible_users"),
        Db.instant(rs, "last_sync_observed_at"));
  }
}
