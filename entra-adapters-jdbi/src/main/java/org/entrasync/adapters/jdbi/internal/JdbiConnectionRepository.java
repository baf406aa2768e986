package org.entrasync.adapters.jdbi.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/** {@link ConnectionRepository} over {@code entra_partner_connections}. */
public final class JdbiConnectionRepository implements ConnectionRepository {
  private static final String SELECT_ACTIVE = """
      select connection_type, status, connected_at, last_validated_at, last_validation_error::text as error, generation
        from entra_partner_connections
       where msp_tenant_id = :msp and active and status <> 'disconnected'
      """;

  private static final String DEACTIVATE = """
      update entra_partner_connections
         set active = false, deactivated_at = :at, updated_at = now()
       where msp_tenant_id = :msp and active
      """;

  private static final String INSERT = """
      insert into entra_partner_connections
        (msp_tenant_id, connection_type, status, active, connected_at, last_validated_at, last_validation_error)
      values (:msp, :type, :status, :active, :connectedAt, :validatedAt, cast(:error as jsonb))
      """;

  private static final String UPDATE_STATUS = """
      update entra_partner_connections
         set status = :status, last_validated_at = :validatedAt,
             last_validation_error = cast(:error as jsonb), updated_at = now(),
             active = (:status <> 'disconnected'),
             deactivated_at = case when :status = 'disconnected' then coalesce(:validatedAt, now()) end
       where msp_tenant_id = :msp and active and connection_type = :type
      """;

  private static final String SELECT_ACTIVE_GENERATION = """
      select generation
        from entra_partner_connections
       where msp_tenant_id = :msp and active and status <> 'disconnected'
      """;

  private static final String UPDATE_STATUS_OF_GENERATION = UPDATE_STATUS + " and generation = :generation";

  private static final String DISCONNECT = """
      update entra_partner_connections
         set status = 'disconnected', active = false, deactivated_at = :at, updated_at = now()
       where msp_tenant_id = :msp and active
      """;

  private final Jdbi jdbi;

  public JdbiConnectionRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Optional<PartnerConnection> findActive(MspTenantId msp) {
    return findActiveWithGeneration(msp).map(ActiveConnection::connection);
  }

  @Override
  public Optional<ActiveConnection> findActiveWithGeneration(MspTenantId msp) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT_ACTIVE)
            .bind("msp", msp.value())
            .map((rs, ctx) -> new ActiveConnection(new PartnerConnection(
                msp,
                WireNamed.fromWire(ConnectionType.class, rs.getString("connection_type")),
                WireNamed.fromWire(ConnectionStatus.class, rs.getString("status")),
                Db.instant(rs, "connected_at"),
                Db.instant(rs, "last_validated_at"),
                Json.errorMessage(rs.getString("error"))), rs.getLong("generation")))
            .findOne());
  }

  @Override
  public void activate(PartnerConnection connection) {
    boolean disconnected = connection.status() == ConnectionStatus.DISCONNECTED;
    jdbi.useTransaction(h -> {
      h.createUpdate(DEACTIVATE)
          .bind("msp", connection.tenant().value())
          .bind("at", Db.ts(connection.connectedAt()))
          .execute();
      h.createUpdate(INSERT)
          .bind("msp", connection.tenant().value())
          .bind("type", connection.type().wireName())
          .bind("status", connection.status().wireName())
          .bind("active", !disconnected)
          .bind("connectedAt", Db.ts(connection.connectedAt()))
          .bind("validatedAt", Db.ts(connection.lastValidatedAt()))
          .bind("error", Json.errorObject(connection.lastValidationError()))
          .execute();
    });
  }

  @Override
  public void updateStatus(PartnerConnection connection) {
    jdbi.useHandle(h -> h.createUpdate(UPDATE_STATUS)
        .bind("msp", connection.tenant().value())
        .bind("type", connection.type().wireName())
        .bind("status", connection.status().wireName())
        .bind("validatedAt", Db.ts(connection.lastValidatedAt()))
        .bind("error", Json.errorObject(connection.lastValidationError()))
        .execute());
  }

  @Override
  public OptionalLong activeGeneration(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery(SELECT_ACTIVE_GENERATION)
        .bind("msp", msp.value())
        .mapTo(Long.class)
        .findOne()
        .map(OptionalLong::of)
        .orElseGet(OptionalLong::empty));
  }

  @Override
  public boolean updateStatus(long generation, PartnerConnection connection) {
    return jdbi.withHandle(h -> h.createUpdate(UPDATE_STATUS_OF_GENERATION)
        .bind("msp", connection.tenant().value())
        .bind("type", connection.type().wireName())
        .bind("status", connection.status().wireName())
        .bind("validatedAt", Db.ts(connection.lastValidatedAt()))
        .bind("error", Json.errorObject(connection.lastValidationError()))
        .bind("generation", generation)
        .execute()) > 0;
  }

  @Override
  public void disconnect(MspTenantId msp, Instant at) {
    jdbi.useHandle(h -> h.createUpdate(DISCONNECT).bind("msp", msp.value()).bind("at", Db.ts(at)).execute());
  }
}
