package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/** {@link MappingRepository} over {@code entra_tenant_mappings}; history is kept as inactive rows. */
public final class JdbiMappingRepository implements MappingRepository {
  private static final String COLUMNS =
      "entra_tenant_id, state, client_id, confidence, decided_by, decided_at";

  private static final String END_ACTIVE = """
      update entra_tenant_mappings m
         set active = false, ended_by = d.decided_by, ended_at = d.decided_at
        from unnest(:ids, :bys, cast(:ats as timestamptz[])) as d(id, decided_by, decided_at)
       where m.msp_tenant_id = :msp and m.active and m.entra_tenant_id = d.id
      """;

  private static final String INSERT = """
      insert into entra_tenant_mappings
        (msp_tenant_id, entra_tenant_id, state, client_id, confidence, decided_by, decided_at, active)
      select :msp, d.id, d.state, d.client, d.confidence, d.decided_by, d.decided_at, true
        from unnest(:ids, :states, :clients, cast(:confidences as double precision[]), :bys,
                    cast(:ats as timestamptz[]))
             with ordinality as d(id, state, client, confidence, decided_by, decided_at, ord)
       order by d.ord
      """;

  private final Jdbi jdbi;

  public JdbiMappingRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public List<TenantMapping> listActive(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS
            + " from entra_tenant_mappings where msp_tenant_id = :msp and active order by entra_tenant_id")
        .bind("msp", msp.value())
        .map((rs, ctx) -> map(msp, rs))
        .list());
  }

  @Override
  public Optional<TenantMapping> findActive(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS
            + " from entra_tenant_mappings where msp_tenant_id = :msp and entra_tenant_id = :id and active")
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .map((rs, ctx) -> map(msp, rs))
        .findOne());
  }

  @Override
  public List<TenantMapping> findActiveByClient(MspTenantId msp, String clientId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_tenant_mappings
            where msp_tenant_id = :msp and client_id = :client and active
              and state in ('mapped', 'create_new')
            order by entra_tenant_id
            """)
        .bind("msp", msp.value())
        .bind("client", clientId)
        .map((rs, ctx) -> map(msp, rs))
        .list());
  }

  @Override
  public void saveDecisions(MspTenantId msp, List<TenantMapping> decisions) {
    if (decisions.isEmpty()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>();
    List<String> states = new ArrayList<>();
    List<String> clients = new ArrayList<>();
    List<String> confidences = new ArrayList<>();
    List<String> bys = new ArrayList<>();
    List<String> ats = new ArrayList<>();
    for (TenantMapping decision : decisions) {
      if (!decision.msp().equals(msp)) {
        throw new IllegalArgumentException("A mapping decision of MSP tenant " + decision.msp()
            + " cannot be saved for MSP tenant " + msp);
      }
      if (!seen.add(decision.tenantId().value())) {
        throw new IllegalArgumentException(
            "One decision set holds two decisions for tenant " + decision.tenantId() + "; send one per tenant");
      }
      ids.add(decision.tenantId().value());
      states.add(decision.state().wireName());
      clients.add(decision.clientId());
      confidences.add(Double.toString(decision.confidence()));
      bys.add(decision.decidedBy());
      ats.add(decision.decidedAt().toString());
    }
    jdbi.useTransaction(h -> {
      h.createUpdate(END_ACTIVE)
          .bind("msp", msp.value())
          .bindArray("ids", String.class, ids)
          .bindArray("bys", String.class, bys)
          .bindArray("ats", String.class, ats)
          .execute();
      h.createUpdate(INSERT)
          .bind("msp", msp.value())
          .bindArray("ids", String.class, ids)
          .bindArray("states", String.class, states)
          .bindArray("clients", String.class, clients)
          .bindArray("confidences", String.class, confidences)
          .bindArray("bys", String.class, bys)
          .bindArray("ats", String.class, ats)
          .execute();
    });
  }

  @Override
  public void deactivate(MspTenantId msp, EntraTenantId tenantId, String by, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("""
            update entra_tenant_mappings set active = false, ended_by = :by, ended_at = :at
             where msp_tenant_id = :msp and entra_tenant_id = :id and active
            """)
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .bind("by", by)
        .bind("at", Db.ts(at))
        .execute());
  }

  @Override
  public List<TenantMapping> history(MspTenantId msp, EntraTenantId tenantId) {
    return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + """
             from entra_tenant_mappings
            where msp_tenant_id = :msp and entra_tenant_id = :id
            order by decided_at desc, mapping_id desc
            """)
        .bind("msp", msp.value())
        .bind("id", tenantId.value())
        .map((rs, ctx) -> map(msp, rs))
        .list());
  }

  private static TenantMapping map(MspTenantId msp, ResultSet rs) throws SQLException {
    return new TenantMapping(
        msp,
        EntraTenantId.of(rs.getString("entra_tenant_id")),
        WireNamed.fromWire(MappingState.class, rs.getString("state")),
        rs.getString("client_id"),
        rs.getDouble("confidence"),
        rs.getString("decided_by"),
        Db.instant(rs, "decided_at"));
  }
}
