package org.entrasync.core.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.rules.WizardState;
import org.entrasync.spi.MspTenantId;

/** What the use cases check before they start work: a usable connection, the wizard's order, a mapped client. */
public final class Preconditions {
  private final ConnectionRepository connections;
  private final ManagedTenantRepository tenants;
  private final MappingRepository mappings;
  private final SyncLauncher launcher;

  public Preconditions(ConnectionRepository connections, ManagedTenantRepository tenants, MappingRepository mappings,
      SyncLauncher launcher) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
  }

  public boolean isConnected(MspTenantId msp) {
    return connections.findActive(msp).filter(PartnerConnection::isUsable).isPresent();
  }

  public void requireConnected(MspTenantId msp) {
    if (!isConnected(msp)) {
      throw new RefusedException(Refusal.NOT_CONNECTED,
          "Connect to Microsoft Entra (direct or CIPP) first; if the connection needs a new sign-in, sign in again.");
    }
  }

  /** Refuses {@code WIZARD_ORDER} when a step before {@code step} is not done. */
  public void wizardAllows(MspTenantId msp, WizardState.Step step) {
    int confirmed = (int) mappings.listActive(msp).stream()
        .filter(m -> m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW).count();
    int discovered = (int) tenants.list(msp).stream().filter(ManagedTenant::present).count();
    WizardState state = new WizardState(isConnected(msp), discovered, confirmed, false);
    Optional<String> blocker = state.blockerFor(step);
    if (blocker.isEmpty()) {
      return;
    }
    if (state.connected() && discovered == 0) {
      // "Run discovery" misleads while one runs (or waits for a worker): say which, and what to do.
      Optional<SyncLauncher.Unfinished> running = launcher.unfinishedDiscovery(msp);
      if (running.isPresent()) {
        String noWorker = running.get().noWorker();
        throw new RefusedException(Refusal.WIZARD_ORDER, "A discovery started at " + running.get().startedAt()
            + " has not finished" + (noWorker == null ? "; wait for it to list the tenants, then map them." : ": " + noWorker));
      }
    }
    throw new RefusedException(Refusal.WIZARD_ORDER, blocker.get());
  }

  /** The client's mappings that sync ({@code mapped} or {@code create_new}); refused {@code VALIDATION} when none. */
  public List<TenantMapping> requireMappedClient(MspTenantId msp, String clientId) {
    Inputs.requireText(clientId, "A client id is required.");
    List<TenantMapping> mapped = mappings.findActiveByClient(msp, clientId).stream()
        .filter(m -> m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW)
        .toList();
    if (mapped.isEmpty()) {
      throw new RefusedException(Refusal.VALIDATION, "Client " + clientId
          + " is not mapped to any Entra tenant; map a tenant to it first.");
    }
    return mapped;
  }
}
