package org.example.host;

import java.util.List;

/** The emulators, the database fixture and the local stack a host's tests use, from the test-jars. */
final class TestKit {
  private TestKit() {}

  static List<Class<?>> fixtures() {
    return List.of(
        org.entrasync.adapters.graph.testing.GraphEmulator.class,
        org.entrasync.adapters.cipp.testing.CippEmulator.class,
        org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer.class,
        org.entrasync.temporal.testing.LocalStack.class);
  }
}
