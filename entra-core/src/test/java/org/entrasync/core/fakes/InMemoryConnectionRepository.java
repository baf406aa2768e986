package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.spi.MspTenantId;

/**
 * Partner connections in memory: one active per MSP tenant, every earlier one kept as history.
 * Thread-safe.
 */
public final class InMemoryConnectionRepository implements ConnectionRepository {
  private final Map<MspTenantId, PartnerConnection> active = new HashMap<>();
  private final Map<MspTenantId, Long> generations = new HashMap<>();
  private long lastGeneration;
  private final Map<MspTenantId, List<PartnerConnection>> history = new HashMap<>();

  @Override
  public synchronized Optional<PartnerConnection> findActive(MspTenantId msp) {
    return Optional.ofNullable(active.get(Objects.requireNonNull(msp, "msp")))
        .filter(c -> c.status() != ConnectionStatus.DISCONNECTED);
  }

  @Override
  public synchronized void activate(PartnerConnection connection) {
    Objects.requireNonNull(connection, "connection");
    PartnerConnection previous = active.put(connection.tenant(), connection);
    generations.put(connection.tenant(), ++lastGeneration);
    if (previous != null) {
      history.computeIfAbsent(connection.tenant(), t -> new ArrayList<>()).add(previous);
    }
  }

  @Override
  public synchronized void updateStatus(PartnerConnection connection) {
    Objects.requireNonNull(connection, "connection");
    PartnerConnection current = active.get(connection.tenant());
    if (current == null || current.status() == ConnectionStatus.DISCONNECTED || current.type() != connection.type()) {
      return; // only the active connection of the same type is updated
    }
    active.put(connection.tenant(), new PartnerConnection(current.tenant(), current.type(), connection.status(),
        current.connectedAt(), connection.lastValidatedAt(), connection.lastValidationError()));
  }

  @Override
  public synchronized OptionalLong activeGeneration(MspTenantId msp) {
    return findActive(msp).isPresent() ? OptionalLong.of(generations.get(msp)) : OptionalLong.empty();
  }

  @Override
  public synchronized boolean updateStatus(long generation, PartnerConnection connection) {
    Objects.requireNonNull(connection, "connection");
    if (!activeGeneration(connection.tenant()).equals(OptionalLong.of(generation))
        || active.get(connection.tenant()).type() != connection.type()) {
      return false;
    }
    updateStatus(connection);
    return true;
  }

  @Override
  public synchronized void disconnect(MspTenantId msp, Instant at) {
    Objects.requireNonNull(msp, "msp");
    generations.remove(msp);
    PartnerConnection current = active.remove(msp);
    if (current == null) {
      return;
    }
    history.computeIfAbsent(msp, t -> new ArrayList<>()).add(new PartnerConnection(current.tenant(), current.type(),
        ConnectionStatus.DISCONNECTED, current.connectedAt(), current.lastValidatedAt(), current.lastValidationError()));
  }

  /** Every earlier (inactive) connection of the tenant, oldest first. */
  public synchronized List<PartnerConnection> history(MspTenantId msp) {
    return new ArrayList<>(history.getOrDefault(msp, List.of()));
  }
}
