package org.entrasync.core.port.out;

import java.time.Instant;
import java.util.Optional;
import org.entrasync.core.connection.ConnectionGenerations;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.spi.MspTenantId;

/**
 * The MSP tenant's partner connection (one active at a time; earlier ones kept as history). Each
 * activated connection has a generation ({@link ConnectionGenerations}).
 */
public interface ConnectionRepository extends ConnectionGenerations {

  /** The active connection (any status but disconnected), if any. */
  Optional<PartnerConnection> findActive(MspTenantId msp);

  /**
   * Makes {@code connection} the active one: an earlier active connection of the tenant (of any type)
   * becomes inactive history in the same transaction.
   */
  void activate(PartnerConnection connection);

  /** Updates status, last validation time and error of the active connection. */
  void updateStatus(PartnerConnection connection);

  /**
   * As {@link #updateStatus}, but only while the active connection is still the one of {@code
   * generation}: a failure raised by work of an earlier connection never marks the one that replaced
   * it. Returns whether anything was written.
   */
  boolean updateStatus(long generation, PartnerConnection connection);

  /** Marks the active connection disconnected (kept as history); no-op if none. */
  void disconnect(MspTenantId msp, Instant at);

  /** The active connection and its generation, read together: see {@link #findActiveWithGeneration}. */
  record ActiveConnection(PartnerConnection connection, long generation) {
    public ActiveConnection {
      java.util.Objects.requireNonNull(connection, "connection");
    }
  }

  /**
   * {@link #findActive} and {@link #activeGeneration} in one read (one round trip where the store
   * allows): what work that starts needs, the connection to work under and the generation to fence
   * with. The default reads through the two methods.
   */
  default Optional<ActiveConnection> findActiveWithGeneration(MspTenantId msp) {
    java.util.OptionalLong generation = activeGeneration(msp);
    if (generation.isEmpty()) {
      return Optional.empty();
    }
    return findActive(msp).map(connection -> new ActiveConnection(connection, generation.getAsLong()));
  }
}
