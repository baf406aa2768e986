package org.entrasync.adapters.jdbi.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.adapters.jdbi.ReferenceHostIds;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/** The reference host's clients ({@code psa_clients}) as the host client directory. */
public final class ReferenceHostClients implements HostClientDirectory {
  static final String CLIENT_COLUMNS = "id, name, url, billing_email, inbound_domains";

  private final Jdbi jdbi;
  private final ReferenceHostIds ids;

  public ReferenceHostClients(Jdbi jdbi, ReferenceHostIds ids) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

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

  static HostClient mapClient(ResultSet rs) throws SQLException {
    String url = rs.getString("url");
    Array domains = rs.getArray("inbound_domains");
    List<String> inbound = domains == null ? List.of() : List.of((String[]) domains.getArray());
    return new HostClient(rs.getString("id"), rs.getString("name"), url == null ? List.of() : List.of(url),
        rs.getString("billing_email"), inbound);
  }
}
