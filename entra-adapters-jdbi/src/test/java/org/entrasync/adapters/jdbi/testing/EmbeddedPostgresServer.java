package org.entrasync.adapters.jdbi.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.entrasync.adapters.jdbi.EntraMigrations;

/**
 * One embedded PostgreSQL server per JVM (zonky binaries from Maven; no install, no Docker),
 * started on first use and stopped by zonky's shutdown hook. Each caller gets a database of its
 * own with {@link #createDatabase}.
 *
 * <p>Works when the build runs as root (as CI does here): zonky 2.2 starts {@code initdb} in a
 * user namespace ({@code unshare -U}) then, since PostgreSQL itself refuses root.
 */
public final class EmbeddedPostgresServer {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private EmbeddedPostgresServer() {}

  /** The shared server, started on first call. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200");
        server = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /**
   * Creates an empty database with a fresh name derived from {@code hint}, then applies the given
   * schema.
   */
  public static TestDatabase createDatabase(String hint, Schema schema) {
    return createDatabase(hint, schema, PooledDataSource.DEFAULT_MAX_IDLE);
  }

  /**
   * As {@link #createDatabase(String, Schema)}, with a pool that keeps up to {@code connections}
   * connections open (size it as the library's READMEs say: from the fan-out window).
   */
  public static TestDatabase createDatabase(String hint, Schema schema, int connections) {
    String name = databaseName(hint);
    execute(server().getPostgresDatabase(), "CREATE DATABASE " + name);
    DataSource dataSource = new PooledDataSource(server().getDatabase("postgres", name), connections);
    switch (schema) {
      case LIBRARY:
        EntraMigrations.migrate(dataSource);
        break;
      case LIBRARY_AND_REFERENCE_HOST:
        EntraMigrations.migrate(dataSource);
        EntraMigrations.migrateHostReference(dataSource);
        break;
      case NONE:
      default:
        break;
    }
    return new TestDatabase(name, dataSource, server().getJdbcUrl("postgres", name));
  }

  /** Drops a database made by {@link #createDatabase}, closing its open connections. */
  public static void dropDatabase(TestDatabase database) {
    if (database.dataSource() instanceof PooledDataSource) {
      ((PooledDataSource) database.dataSource()).close();
    }
    execute(server().getPostgresDatabase(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
  }

  private static String databaseName(String hint) {
    String cleaned = hint == null ? "db" : hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (cleaned.length() > 40) {
      cleaned = cleaned.substring(cleaned.length() - 40);
    }
    return "t_" + cleaned.replaceAll("^_+", "") + "_" + COUNTER.incrementAndGet();
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run '" + sql + "' on embedded PostgreSQL", e);
    }
  }

  /** What a new database gets before the tests see it. */
  public enum Schema {
    /** Nothing: an empty database. */
    NONE,
    /** The library's migrations ({@code db/migration/entrasync}). */
    LIBRARY,
    /** The library's migrations and the reference host tables. */
    LIBRARY_AND_REFERENCE_HOST
  }
}
