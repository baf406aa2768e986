package org.entrasync.adapters.jdbi.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.ConnectionRepository.ActiveConnection;
import org.entrasync.core.port.out.ContactLinkRepository.TenantLinks;
import org.entrasync.core.port.out.TenantSyncStartState;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link TenantSyncStartState} in one statement: one row per pending removal of the tenant's links
 * (at least one row), each carrying the scalar state; every part is scoped by the MSP tenant. The
 * columns of the other tables are aliased, so a link's own columns keep their names.
 */
public final class JdbiTenantSyncStartState implements TenantSyncStartState {
  private static final String SELECT = """
      -- tenant: sync start state (connection, settings, tenant, links, held, reviews)
      select c.connection_type as c_type, c.status as c_status, c.connected_at as c_connected_at,
             c.last_validated_at as c_validated_at, c.last_validation_error::text as c_error, c.generation as c_generation,
             s.msp_tenant_id as s_msp, s.interval_minutes as s_interval, s.field_sync_config::text as s_field_sync,
             s.user_filter_config::text as s_user_filter, s.mark_inactive_when_disabled as s_mark_inactive,
             t.entra_tenant_id as t_id, t.display_name as t_name, t.primary_domain as t_domain,
             t.source_user_count as t_users, t.discovered_at as t_discovered_at, t.last_seen_at as t_last_seen_at,
             t.present as t_present, t.delta_cursor as t_cursor, t.last_sync_eligible_users as t_eligible,
             t.last_sync_observed_at as t_observed_at,
             h.held_reason as h_reason, h.object_ids as h_ids, h.removal_reasons as h_reasons,
             h.active_links_before as h_before, h.held_since as h_since, h.approved_by as h_approved_by,
             h.approved_at as h_approved_at,
             q.open_reviews, r.review_history, l.active as active_links, l.in_sync, l.unheard, p.*
        from (select 1) one
        left join entra_partner_connections c
               on c.msp_tenant_id = :msp and c.active and c.status <> 'disconnected'
        left join entra_sync_settings s on s.msp_tenant_id = :msp
        left join entra_managed_tenants t on t.msp_tenant_id = :msp and t.entra_tenant_id = :tenantId
        left join entra_held_deletions h
               on h.msp_tenant_id = :msp and h.entra_tenant_id = :tenantId and h.held_count > 0
        cross join lateral (select count(*) as open_reviews from entra_reconciliation_queue
                             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'open') q
        cross join lateral (select exists (select 1 from entra_reconciliation_queue
                                            where msp_tenant_id = :msp and entra_tenant_id = :tenantId)
                                   as review_history) r
        cross join lateral (""" + JdbiContactLinkRepository.TENANT_LINK_COUNTS + ") l\n" + """
        left join lateral (select\s""" + JdbiContactLinkRepository.COLUMNS + """
                             from entra_contact_links
                            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and status = 'active'
                              and pending_removal_reason is not null) p on true
       order by p.entra_object_id
      """;

  private final Jdbi jdbi;

  public JdbiTenantSyncStartState(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Start read(MspTenantId msp, EntraTenantId tenantId, Instant since) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenantId, "tenantId");
    return jdbi.withHandle(h -> {
      List<ContactLink> pending = new ArrayList<>();
      Start[] first = {null};
      h.createQuery(SELECT)
          .bind("msp", msp.value())
          .bind("tenantId", tenantId.value())
          .bind("since", Db.ts(since))
          .map((rs, ctx) -> {
            if (first[0] == null) {
              first[0] = scalars(msp, tenantId, rs);
            }
            if (rs.getString("entra_object_id") != null) {
              pending.add(JdbiContactLinkRepository.map(rs));
            }
            return null;
          })
          .forEach(row -> {});
      Start s = first[0];
      return new Start(s.connection(), s.settings(), s.tenant(),
          new TenantLinks(s.links().inSync(), s.links().unheardSince(), pending), s.held(), s.openReviews(),
          s.reviewHistory(), s.activeLinks());
    });
  }

  private static Start scalars(MspTenantId msp, EntraTenantId tenantId, ResultSet rs) throws SQLException {
    Optional<ActiveConnection> connection = Optional.empty();
    if (rs.getString("c_type") != null) {
      connection = Optional.of(new ActiveConnection(new PartnerConnection(msp,
          WireNamed.fromWire(ConnectionType.class, rs.getString("c_type")),
          WireNamed.fromWire(ConnectionStatus.class, rs.getString("c_status")),
          Db.instant(rs, "c_connected_at"), Db.instant(rs, "c_validated_at"), Json.errorMessage(rs.getString("c_error"))),
          rs.getLong("c_generation")));
    }
    SyncSettings settings = rs.getString("s_msp") == null ? SyncSettings.DEFAULT : new SyncSettings(
        Json.fieldSync(rs.getString("s_field_sync")), Json.userFilter(rs.getString("s_user_filter")),
        rs.getBoolean("s_mark_inactive"), rs.getInt("s_interval"));
    Optional<ManagedTenant> tenant = rs.getString("t_id") == null ? Optional.empty() : Optional.of(new ManagedTenant(msp,
        EntraTenantId.of(rs.getString("t_id")), rs.getString("t_name"), rs.getString("t_domain"),
        Db.integer(rs, "t_users"), Db.instant(rs, "t_discovered_at"), Db.instant(rs, "t_last_seen_at"),
        rs.getBoolean("t_present"), rs.getString("t_cursor"), Db.integer(rs, "t_eligible"),
        Db.instant(rs, "t_observed_at")));
    Optional<HeldDeletions> held = Optional.empty();
    if (rs.getString("h_reason") != null) {
      String[] ids = strings(rs.getArray("h_ids"));
      String[] reasons = strings(rs.getArray("h_reasons"));
      List<HeldDeletions.HeldIdentity> identities = new ArrayList<>(ids.length);
      for (int i = 0; i < ids.length; i++) {
        identities.add(new HeldDeletions.HeldIdentity(EntraObjectId.of(ids[i]),
            WireNamed.fromWire(InactiveReason.class, reasons[i])));
      }
      held = Optional.of(new HeldDeletions(tenantId, WireNamed.fromWire(HoldReason.class, rs.getString("h_reason")),
          identities, rs.getInt("h_before"), Db.instant(rs, "h_since"), rs.getString("h_approved_by"),
          Db.instant(rs, "h_approved_at")));
    }
    return new Start(connection, settings, tenant, new TenantLinks(rs.getInt("in_sync"), rs.getInt("unheard"), List.of()),
        held, rs.getInt("open_reviews"), rs.getBoolean("review_history"), rs.getInt("active_links") > 0);
  }

  private static String[] strings(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }
}
