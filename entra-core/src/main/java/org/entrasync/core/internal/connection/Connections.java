package org.entrasync.core.internal.connection;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.internal.Inputs;
import org.entrasync.core.internal.schedule.Schedules;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.in.ConnectionView;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;

/**
 * The connection as an operator drives it: the lifecycle of {@link ConnectionService}, plus what a
 * connection change means for the work around it (a replaced or ended connection stops its running
 * workflows; a reconnect brings the recurring sync back for mapped tenants) and the connection panel.
 */
public final class Connections {
  private final ConnectionService lifecycle;
  private final SyncLauncher launcher;
  private final Schedules schedules;
  private final ManagedTenantRepository tenants;
  private final MappingRepository mappings;
  private final SyncSettingsRepository settings;

  public Connections(ConnectionService lifecycle, SyncLauncher launcher, Schedules schedules, ManagedTenantRepository tenants,
      MappingRepository mappings, SyncSettingsRepository settings) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** @param redirectUri null for the adapter's configured callback */
  public AuthorizationStart startDirect(Actor actor, URI redirectUri) {
    if (redirectUri != null) {
      Inputs.requireRedirectUriShape(redirectUri);
    }
    return lifecycle.startDirect(actor.tenant(), actor, redirectUri);
  }

  public ConnectionView completeDirect(Actor actor, Map<String, String> callbackParameters) {
    Inputs.require(callbackParameters, "The sign-in callback parameters are required (code and state, or error).");
    boolean replacing = lifecycle.status(actor.tenant()).isPresent();
    lifecycle.completeDirect(actor.tenant(), actor, callbackParameters);
    connected(actor.tenant(), replacing);
    return view(actor.tenant());
  }

  public ConnectionView connectCipp(Actor actor, CippCredentials credentials) {
    Inputs.require(credentials, "The CIPP-API base URL and credentials are required.");
    boolean replacing = lifecycle.status(actor.tenant()).isPresent();
    lifecycle.connectCipp(actor.tenant(), credentials);
    connected(actor.tenant(), replacing);
    return view(actor.tenant());
  }

  /** Checks the stored connection and records the outcome; a failed check is reported, not thrown. */
  public ConnectionView validate(MspTenantId msp) {
    lifecycle.validate(msp);
    return view(msp);
  }

  /** Removes the credentials and the schedule and stops running work; discovery, mappings, runs and links stay. */
  public void disconnect(MspTenantId msp) {
    boolean connected = lifecycle.status(msp).isPresent();
    lifecycle.disconnect(msp);
    if (connected) {
      launcher.cancelRunning(msp);
    }
    schedules.remove(msp);
  }

  public List<String> presentSecretNames(MspTenantId msp) {
    return lifecycle.presentSecretNames(msp);
  }

  /**
   * A connection that replaced another (reconnect, switch) takes the old one's running workflows with
   * it (they would keep working with credentials that are gone); a connection of a tenant with mapped
   * tenants brings the recurring sync back.
   */
  private void connected(MspTenantId msp, boolean replacing) {
    if (replacing) {
      launcher.cancelRunning(msp);
    }
    if (mappings.listActive(msp).stream().anyMatch(TenantMapping::isSyncable)) {
      schedules.keep(msp, settings.get(msp).intervalMinutes());
    }
  }

  /** The connection panel. */
  public ConnectionView view(MspTenantId msp) {
    Optional<PartnerConnection> connection = lifecycle.status(msp);
    Instant lastDiscovery = tenants.list(msp).stream()
        .map(ManagedTenant::lastSeenAt).max(Comparator.naturalOrder()).orElse(null);
    int mapped = (int) mappings.listActive(msp).stream().filter(TenantMapping::isSyncable).count();
    Schedules.NextRun next = schedules.next(msp);
    String scheduleProblem = mapped > 0 && connection.isPresent() ? next.problem() : null;
    return connection
        .map(c -> new ConnectionView(c.type(), c.status(), c.connectedAt(), c.lastValidatedAt(), c.lastValidationError(),
            lastDiscovery, mapped, next.at(), scheduleProblem))
        .orElseGet(() -> new ConnectionView(null, null, null, null, null, lastDiscovery, mapped, next.at(), null));
  }
}
