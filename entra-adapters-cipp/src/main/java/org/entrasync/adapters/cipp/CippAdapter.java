package org.entrasync.adapters.cipp;

import java.util.Objects;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;

/**
 * The CIPP connection as a part a host installs, once: one {@link CippDirectoryGateway} serves as the
 * CIPP directory gateway and as the check of the credentials an operator types.
 *
 * <pre>{@code
 * EntraIntegration.builder() ...
 *     .install(CippAdapter.create(CippConnectionConfig.defaults()))
 * }</pre>
 *
 * {@code EntraIntegration.close()} closes the gateway.
 */
public final class CippAdapter implements EntraPlugin {
  private final CippConnectionConfig config;

  private CippAdapter(CippConnectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** With the default timeouts, page size and retry policy. */
  public static CippAdapter create() {
    return create(CippConnectionConfig.defaults());
  }

  public static CippAdapter create(CippConnectionConfig config) {
    return new CippAdapter(config);
  }

  @Override
  public void install(Installation installation) {
    CippDirectoryGateway gateway = new CippDirectoryGateway(installation.secrets(), config);
    installation.onClose(gateway);
    installation.directoryGateway(gateway);
    installation.cippValidator(gateway.connectionValidator());
  }
}
