package org.example.host;

import java.util.List;

/** One public type of each module, as a host's wiring names them. */
public final class Wiring {
  private Wiring() {}

  public static List<Class<?>> modules() {
    return List.of(
        org.entrasync.spi.SecretProvider.class,
        org.entrasync.core.port.out.DirectoryGateway.class,
        org.entrasync.adapters.graph.GraphAdapter.class,
        org.entrasync.adapters.cipp.CippDirectoryGateway.class,
        org.entrasync.adapters.jdbi.JdbiStorage.class,
        org.entrasync.temporal.EntraWorkers.class);
  }
}
