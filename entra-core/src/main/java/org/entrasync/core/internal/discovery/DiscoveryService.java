package org.entrasync.core.internal.discovery;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;

/**
 * Discovers the MSP's managed customer tenants and records them: new ones inserted, known ones
 * refreshed, vanished ones marked not present (never deleted). Safe to run at any time.
 */
public final class DiscoveryService {
  private final DirectoryGateways gateways;
  private final ManagedTenantRepository tenants;
  private final Clock clock;

  @Inject
  public DiscoveryService(DirectoryGateways gateways, ManagedTenantRepository tenants, Clock clock) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return how many tenants the connection lists now */
  public int discover(MspTenantId msp) {
    List<DiscoveredTenant> discovered;
    OptionalLong generation = gateways.activeGeneration(msp);
    try {
      discovered = gateways.forTenant(msp).listManagedTenants(msp);
    } catch (CredentialRejectedException rejected) {
      gateways.recordRejected(msp, generation, rejected);
      throw rejected;
    }
    tenants.recordDiscovery(msp, discovered, clock.instant());
    return discovered.size();
  }
}
