package org.entrasync.core.port.in;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.internal.wiring.Parts;
import org.entrasync.core.internal.wiring.Resources;
import org.entrasync.core.internal.wiring.Wiring;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.SecretProvider;

/**
 * Builds the facade from the host's settings and the parts it installs:
 *
 * <pre>{@code
 * EntraIntegration entra = EntraIntegration.builder()
 *     .edition(Edition.ENTERPRISE).secrets(secrets).flags(flags).access(access)
 *     .install(JdbiStorage.create(dataSource).withReferenceHost())  // or .withHostContacts(clients, contacts)
 *     .install(GraphAdapter.create(graphConfig))
 *     .install(CippAdapter.create(cippConfig))
 *     .install(EntraTemporal.of(workflowClient, scheduleClient))
 *     .build();
 * }</pre>
 *
 * Required: the edition, secrets, flags and access policy, and parts that contribute the storage,
 * the host's client and contact directories, at least one connection type and the workflow launcher.
 * {@link #build()} names everything missing in one {@link IllegalStateException}. Optional: the
 * clock, the page size and the deletion-safety threshold.
 */
public final class EntraIntegrationBuilder {
  private Edition edition;
  private SecretProvider secrets;
  private FeatureFlagProvider flags;
  private AccessPolicy access;
  private final List<EntraPlugin> plugins = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private int pageSize = DirectoryGateway.ListingRequest.DEFAULT_PAGE_SIZE;
  private DeletionThreshold deletionThreshold = DeletionThreshold.DEFAULT;
  private SyncObserver observer = SyncObserver.NONE;

  EntraIntegrationBuilder() {}

  public EntraIntegrationBuilder edition(Edition v) { this.edition = v; return this; }
  public EntraIntegrationBuilder secrets(SecretProvider v) { this.secrets = v; return this; }
  public EntraIntegrationBuilder flags(FeatureFlagProvider v) { this.flags = v; return this; }
  public EntraIntegrationBuilder access(AccessPolicy v) { this.access = v; return this; }
  /** The clock of the use cases and the workers (default: the system clock, UTC). */
  public EntraIntegrationBuilder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
  /** Users per page of a tenant sync (1..999, default 999). */
  public EntraIntegrationBuilder pageSize(int v) { this.pageSize = v; return this; }
  public EntraIntegrationBuilder deletionThreshold(DeletionThreshold v) { this.deletionThreshold = Objects.requireNonNull(v); return this; }

  /**
   * Told what syncs do, for the host's metrics (e.g. entra-temporal's {@code MicrometerSyncObserver});
   * default: nothing. The operator read models come from the storage part ({@code JdbiStorage}).
   */
  public EntraIntegrationBuilder observer(SyncObserver v) { this.observer = Objects.requireNonNull(v); return this; }

  /** Adds a part; parts are installed by {@link #build()}, in this order. */
  public EntraIntegrationBuilder install(EntraPlugin part) {
    plugins.add(Objects.requireNonNull(part, "part"));
    return this;
  }

  /**
   * Installs every part and wires the use cases once, for the facade and the workers alike.
   *
   * @throws IllegalStateException naming every missing setting and part, or two parts contributing one port
   */
  public EntraIntegration build() {
    List<String> missing = new ArrayList<>();
    if (edition == null) {
      missing.add("the edition (.edition(...))");
    }
    if (secrets == null) {
      missing.add("the secret store (.secrets(...))");
    }
    if (flags == null) {
      missing.add("the feature flags (.flags(...))");
    }
    if (access == null) {
      missing.add("the access policy (.access(...))");
    }
    // Without a secret store the parts are still installed (against one that refuses every use), so the
    // message names everything else that is missing too.
    Parts parts = new Parts(secrets == null ? NO_SECRETS : secrets, clock).installAll(plugins);
    missing.addAll(parts.missing());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("EntraIntegration cannot be built; it needs " + String.join("; ", missing) + ".");
    }
    Wiring wiring = new Wiring(parts, flags, access, clock, pageSize, deletionThreshold, observer);
    parts.workerHooks().forEach(hook -> hook.accept(wiring.workers()));
    return new EntraIntegration(new Guard(edition, flags, access), wiring.useCases(), plugins,
        new Resources(parts.closeables()));
  }

  private static final SecretProvider NO_SECRETS = new SecretProvider() {
    @Override
    public java.util.Optional<String> getTenantSecret(org.entrasync.spi.MspTenantId tenant, String key) {
      throw new IllegalStateException("EntraIntegration needs a secret store (.secrets(...))");
    }

    @Override
    public void putTenantSecret(org.entrasync.spi.MspTenantId tenant, String key, String value) {
      throw new IllegalStateException("EntraIntegration needs a secret store (.secrets(...))");
    }

    @Override
    public void deleteTenantSecret(org.entrasync.spi.MspTenantId tenant, String key) {
      throw new IllegalStateException("EntraIntegration needs a secret store (.secrets(...))");
    }

    @Override
    public java.util.Optional<String> getAppSecret(String name) {
      throw new IllegalStateException("EntraIntegration needs a secret store (.secrets(...))");
    }
  };
}
