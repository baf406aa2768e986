package org.entrasync.adapters.graph;

import java.util.Objects;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import org.entrasync.core.connection.ConnectionGenerations;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.spi.SecretProvider;

/**
 * The direct connection: its two gateways share one set of HTTP clients, one partner-token lock per
 * MSP tenant and one customer-token cache. A host installs it as a part:
 *
 * <pre>{@code
 * EntraIntegration.builder() ...
 *     .install(GraphAdapter.create(GraphConnectionConfig.builder()
 *         .redirectUri("https://psa.example/entra/callback").build()))
 * }</pre>
 *
 * The other factories build the gateways on their own, for tests of the adapter and hosts that wire
 * the core's ports by hand.
 */
public final class GraphAdapter implements AutoCloseable {
  private final GraphRuntime runtime;
  private final GraphDirectAuthGateway auth;
  private final GraphDirectoryGateway directory;

  private GraphAdapter(GraphRuntime runtime, PendingAuthorizationStore pending) {
    this.runtime = runtime;
    this.auth = new GraphDirectAuthGateway(runtime, pending);
    this.directory = new GraphDirectoryGateway(runtime);
  }

  /**
   * The direct connection as a part: built with the integration, on the installed storage's connection
   * store (a token refresh never outlives a disconnect or switch made on any node) and pending sign-ins
   * (PostgreSQL with the jdbi storage, so the callback may reach any node), with the Microsoft app
   * credentials resolved from the host's secrets or environment ({@code MicrosoftAppCredentialsResolver}).
   * {@code EntraIntegration.close()} closes it.
   */
  public static EntraPlugin create(GraphConnectionConfig config) {
    Objects.requireNonNull(config, "config");
    return new EntraPlugin() {
      @Override
      public void install(Installation installation) {
        installation.afterInstall(ports -> {
          GraphAdapter adapter = create(config, installation.secrets(),
              new MicrosoftAppCredentialsResolver(installation.secrets()), ports.pendingAuthorizations(),
              ports.storage().connections());
          installation.onClose(adapter);
          installation.directoryGateway(adapter.directoryGateway());
          installation.directAuth(adapter.authGateway());
        });
      }

      @Override
      public String name() {
        return "GraphAdapter";
      }
    };
  }

  /** With an in-memory pending-sign-in store (single node). */
  public static GraphAdapter create(
      GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials) {
    return create(config, secrets, credentials, new InMemoryPendingAuthorizationStore(config.clock()));
  }

  /** With a host-provided pending-sign-in store (shared between nodes). */
  public static GraphAdapter create(GraphConnectionConfig config, SecretProvider secrets,
      MicrosoftAppCredentialsResolver credentials, PendingAuthorizationStore pending) {
    Objects.requireNonNull(pending, "pending");
    return new GraphAdapter(new GraphRuntime(config, secrets, credentials), pending);
  }

  /**
   * With a host-provided pending-sign-in store and the host's connection store ({@code
   * ConnectionRepository}, e.g. {@code JdbiStorage.connections()}): a partner-token refresh then checks
   * the stored connection generation before and after it writes, so a disconnect or switch made on
   * another node can never be undone by a refresh that finishes here. Without it only disconnects
   * made through this process's own lifecycle fence its refreshes.
   */
  public static GraphAdapter create(GraphConnectionConfig config, SecretProvider secrets,
      MicrosoftAppCredentialsResolver credentials, PendingAuthorizationStore pending, ConnectionGenerations connections) {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(connections, "connections");
    return new GraphAdapter(new GraphRuntime(config, secrets, credentials, connections), pending);
  }

  public GraphDirectAuthGateway authGateway() {
    return auth;
  }

  public GraphDirectoryGateway directoryGateway() {
    return directory;
  }

  public GraphConnectionConfig config() {
    return runtime.config;
  }

  GraphRuntime runtime() {
    return runtime;
  }

  /**
   * Releases pooled connections. The gateways stay usable (connections are reopened on demand, and
   * the prefetch and discovery threads, which end by themselves when idle, are started again when
   * needed); closing twice is harmless.
   */
  @Override
  public void close() {
    runtime.close();
  }
}
