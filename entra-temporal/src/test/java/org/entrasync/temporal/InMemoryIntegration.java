package org.entrasync.temporal;

import io.temporal.client.WorkflowClient;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.port.in.Edition;
import org.entrasync.core.port.in.EntraIntegration;

/**
 * An integration built from its public parts over core's in-memory fakes (the fakes' storage, host
 * directories and gateways, unless others are given) and the real workflows on a Temporal test
 * server, as the workflow tests use it.
 */
final class InMemoryIntegration {
  private InMemoryIntegration() {}

  static EntraIntegration build(InMemoryEntrasync fakes, WorkflowClient client, EntraTemporalConfig config, int pageSize,
      EntraPlugin core) {
    return EntraIntegration.builder()
        .edition(Edition.ENTERPRISE).secrets(fakes.secrets()).flags(fakes.flags()).access(StaticAccessPolicy.allowAll())
        .clock(fakes.clock()).pageSize(pageSize)
        .install(core)
        .install(EntraTemporal.of(client).config(config))
        .build();
  }
}
