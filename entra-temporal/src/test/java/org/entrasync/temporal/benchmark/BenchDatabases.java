package org.entrasync.temporal.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.entrasync.adapters.jdbi.EntraMigrations;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.PooledDataSource;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the sync suite's databases live, each made with the library's and the reference host's
 * migrations:
 *
 * <ul>
 *   <li>{@link #local()}: the jdbi test-jar's embedded server ({@code fsync=off}, {@code
 *       synchronous_commit=off}, {@code full_page_writes=off}), reached directly over loopback TCP;
 *   <li>{@link #realistic(Duration)}: a second embedded server started durable ({@code fsync=on},
 *       {@code synchronous_commit=on}, {@code full_page_writes=on}; its data directory is on this
 *       machine's disk), reached through a {@link DelayProxy} adding a round-trip delay (0.5 ms by
 *       default: a managed database in the same region).
 * </ul>
 */
abstract class BenchDatabases {
  /** Short name in the report: {@code local} or {@code realistic}. */
  abstract String key();

  /** One line saying what it is. */
  abstract String describe();

  /** A new database with the library's and the reference host's migrations. */
  abstract TestDatabase create(String hint);

  abstract void drop(TestDatabase database);

  /** The median round trip to the server itself, without any proxy, in ms. */
  abstract double directRoundTripMillis();

  static BenchDatabases local() {
    return LOCAL;
  }

  /** The durable server behind a proxy adding {@code roundTrip}; one server and proxy per JVM. */
  static synchronized BenchDatabases realistic(Duration roundTrip) {
    if (realistic == null) {
      realistic = new Realistic(roundTrip);
    }
    return realistic;
  }

  private static Realistic realistic;

  private static final BenchDatabases LOCAL = new BenchDatabases() {
    @Override
    String key() {
      return "local";
    }

    @Override
    String describe() {
      return "local: the jdbi test-jar's embedded PostgreSQL (fsync=off, synchronous_commit=off, full_page_writes=off),"
          + " loopback TCP, no added delay";
    }

    @Override
    TestDatabase create(String hint) {
      return EmbeddedPostgresServer.createDatabase(hint, EmbeddedPostgresServer.Schema.LIBRARY_AND_REFERENCE_HOST);
    }

    @Override
    void drop(TestDatabase database) {
      EmbeddedPostgresServer.dropDatabase(database);
    }

    @Override
    double directRoundTripMillis() {
      return medianRoundTripMillis(EmbeddedPostgresServer.server().getPostgresDatabase());
    }
  };

  /** The median of {@code select 1} round trips on one connection of {@code dataSource}, in ms. */
  static double medianRoundTripMillis(DataSource dataSource) {
    long[] samples = new long[200];
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        s.execute("select 1");
      }
      for (int i = 0; i < samples.length; i++) {
        long start = System.nanoTime();
        s.execute("select 1");
        samples[i] = System.nanoTime() - start;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not time a round trip", e);
    }
    Arrays.sort(samples);
    return samples[samples.length / 2] / 1e6;
  }

  /** The median time of a one-row insert committed on its own (a WAL flush when durable), in ms. */
  static double medianCommitMillis(DataSource dataSource) {
    long[] samples = new long[100];
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("create table if not exists bench_commit_probe (n int)");
      for (int i = 0; i < samples.length; i++) {
        long start = System.nanoTime();
        s.execute("insert into bench_commit_probe values (" + i + ")");
        samples[i] = System.nanoTime() - start;
      }
      s.execute("drop table bench_commit_probe");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not time a commit", e);
    }
    Arrays.sort(samples);
    return samples[samples.length / 2] / 1e6;
  }

  /** The durable server and its proxy. */
  private static final class Realistic extends BenchDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final EmbeddedPostgres server;
    private final DelayProxy proxy;
    private final Duration roundTrip;

    Realistic(Duration roundTrip) {
      this.roundTrip = roundTrip;
      try {
        // zonky starts postgres with -F (fsync off) and synchronous_commit=off; these -c settings come after
        // them on the command line and win (checked below).
        server = EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "200")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the durable embedded PostgreSQL", e);
      }
      proxy = new DelayProxy(server.getPort(), roundTrip);
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
          try (ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            if (!rs.getString(1).equals("on")) {
              throw new IllegalStateException("The durable server runs with " + setting + "=" + rs.getString(1));
            }
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not check the durable server's settings", e);
      }
    }

    @Override
    String key() {
      return "realistic";
    }

    @Override
    String describe() {
      return String.format(Locale.ROOT, "realistic: a durable embedded PostgreSQL (fsync=on, synchronous_commit=on,"
          + " full_page_writes=on; data on this machine's disk) through an in-process TCP proxy adding a %.2f ms round"
          + " trip", roundTrip.toNanos() / 1e6);
    }

    @Override
    TestDatabase create(String hint) {
      String name = "r_" + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + COUNTER.incrementAndGet();
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("Could not create " + name, e);
      }
      PGSimpleDataSource physical = new PGSimpleDataSource();
      physical.setServerNames(new String[] {"127.0.0.1"});
      physical.setPortNumbers(new int[] {proxy.port()});
      physical.setDatabaseName(name);
      physical.setUser("postgres");
      DataSource pooled = new PooledDataSource(physical);
      EntraMigrations.migrate(pooled);
      EntraMigrations.migrateHostReference(pooled);
      return new TestDatabase(name, pooled, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + name + "?user=postgres");
    }

    @Override
    double directRoundTripMillis() {
      return medianRoundTripMillis(server.getPostgresDatabase());
    }

    @Override
    void drop(TestDatabase database) {
      if (database.dataSource() instanceof PooledDataSource pool) {
        pool.close();
      }
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException("Could not drop " + database.name(), e);
      }
    }
  }
}
