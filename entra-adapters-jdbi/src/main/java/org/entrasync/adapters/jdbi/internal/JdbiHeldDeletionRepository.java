package org.entrasync.adapters.jdbi.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link HeldDeletionRepository} over {@code entra_held_deletions}: one row per managed tenant that
 * ever held something; a release empties the row (nothing is deleted).
 */
public final class JdbiHeldDeletionRepository implements HeldDeletionRepository {
  private static final String COLUMNS = """
      entra_tenant_id, held_reason, object_ids, removal_reasons, active_links_before, held_since, approved_by, approved_at
      """;

  private final Jdbi jdbi;

  public JdbiHeldDeletionRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Optional<HeldDeletions> find(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_held_deletions
            where msp_tenant_id = :msp and entra_tenant_id = :tenantId and held_count > 0
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  @Override
  public List<HeldDeletions> listHeld(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_held_deletions
            where msp_tenant_id = :msp and held_count > 0
            order by entra_tenant_id
            """)
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(rs))
        .list());
  }

  @Override
  public void hold(MspTenantId msp, HeldDeletions held) {
    List<String> ids = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (HeldDeletions.HeldIdentity identity : held.identities()) {
      ids.add(identity.objectId().value());
      reasons.add(identity.reason().wireName());
    }
    jdbi.useHandle(h -> h.createUpdate("""
            insert into entra_held_deletions
              (msp_tenant_id, entra_tenant_id, held_reason, object_ids, removal_reasons, active_links_before,
               held_since, approved_by, approved_at)
            values (:msp, :tenantId, :reason, :ids, :reasons, :base, :since, :approvedBy, :approvedAt)
            on conflict (msp_tenant_id, entra_tenant_id) do update
               set held_reason = excluded.held_reason, object_ids = excluded.object_ids,
                   removal_reasons = excluded.removal_reasons, active_links_before = excluded.active_links_before,
                   held_since = excluded.held_since, approved_by = excluded.approved_by,
                   approved_at = excluded.approved_at, updated_at = now()
            """)
        .bind("msp", msp.value())
        .bind("tenantId", held.tenantId().value())
        .bind("reason", held.reason().wireName())
        .bindArray("ids", String.class, ids)
        .bindArray("reasons", String.class, reasons)
        .bind("base", held.activeLinksBefore())
        .bind("since", Db.ts(held.heldSince()))
        .bind("approvedBy", held.approvedBy())
        .bind("approvedAt", Db.ts(held.approvedAt()))
        .execute());
  }

  @Override
  public void release(MspTenantId msp, EntraTenantId tenantId, Instant at) {
    Objects.requireNonNull(at, "at");
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_held_deletions
               set object_ids = '{}', removal_reasons = '{}', held_since = null, approved_by = null,
                   approved_at = null, updated_at = :at
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("at", Db.ts(at))
        .execute());
  }

  @Override
  public boolean approve(MspTenantId msp, EntraTenantId tenantId, String by, Instant at) {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    return jdbi.withHandle(h -> h.createUpdate("""
            update entra_held_deletions
               set approved_by = :by, approved_at = :at, updated_at = now()
             where msp_tenant_id = :msp and entra_tenant_id = :tenantId and held_count > 0
            """)
        .bind("msp", msp.value())
        .bind("tenantId", tenantId.value())
        .bind("by", by)
        .bind("at", Db.ts(at))
        .execute()) > 0;
  }

  private static HeldDeletions map(ResultSet rs) throws SQLException {
    String[] ids = strings(rs.getArray("object_ids"));
    String[] reasons = strings(rs.getArray("removal_reasons"));
    List<HeldDeletions.HeldIdentity> identities = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      identities.add(new HeldDeletions.HeldIdentity(EntraObjectId.of(ids[i]),
          WireNamed.fromWire(InactiveReason.class, reasons[i])));
    }
    return new HeldDeletions(EntraTenantId.of(rs.getString("entra_tenant_id")),
        WireNamed.fromWire(HoldReason.class, rs.getString("held_reason")), identities,
        rs.getInt("active_links_before"), Db.instant(rs, "held_since"), rs.getString("approved_by"),
        Db.instant(rs, "approved_at"));
  }

  private static String[] strings(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }
}
