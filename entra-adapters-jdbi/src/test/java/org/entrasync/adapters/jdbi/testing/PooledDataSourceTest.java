package org.entrasync.adapters.jdbi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The test pool hands out live connections, as a production pool does after a server ended some. */
class PooledDataSourceTest {

  @Test
  void anIdleConnectionTheServerEndedIsDroppedInsteadOfHandedOut() throws SQLException {
    TestDatabase database = EmbeddedPostgresServer.createDatabase("pool", EmbeddedPostgresServer.Schema.NONE);
    try (PooledDataSource pool = new PooledDataSource(
        ((PooledDataSource) database.dataSource()).physicalForTests(), 2, 0)) {
      int pid;
      try (Connection c = pool.getConnection()) {
        pid = backendPid(c);
      } // back in the pool, idle
      try (Connection admin = EmbeddedPostgresServer.server().getPostgresDatabase().getConnection();
          Statement s = admin.createStatement()) {
        s.execute("select pg_terminate_backend(" + pid + ")");
      }

      try (Connection c = pool.getConnection()) {
        assertThat(backendPid(c)).isNotEqualTo(pid); // a new connection, not the ended one
      }
    } finally {
      EmbeddedPostgresServer.dropDatabase(database);
    }
  }

  @Test
  void anEvictedIdleConnectionIsNotHandedOutEvenWhenTooRecentToBeChecked() throws SQLException {
    TestDatabase database = EmbeddedPostgresServer.createDatabase("pool", EmbeddedPostgresServer.Schema.NONE);
    try (PooledDataSource pool = new PooledDataSource(
        ((PooledDataSource) database.dataSource()).physicalForTests(), 2, Long.MAX_VALUE)) {
      int pid;
      try (Connection c = pool.getConnection()) {
        pid = backendPid(c);
      }
      try (Connection admin = EmbeddedPostgresServer.server().getPostgresDatabase().getConnection();
          Statement s = admin.createStatement()) {
        s.execute("select pg_terminate_backend(" + pid + ")");
      }

      pool.evictIdle();

      try (Connection c = pool.getConnection()) {
        assertThat(backendPid(c)).isNotEqualTo(pid);
      }
    } finally {
      EmbeddedPostgresServer.dropDatabase(database);
    }
  }

  @Test
  void aLiveIdleConnectionIsReused() throws SQLException {
    TestDatabase database = EmbeddedPostgresServer.createDatabase("pool", EmbeddedPostgresServer.Schema.NONE);
    try (PooledDataSource pool = new PooledDataSource(
        ((PooledDataSource) database.dataSource()).physicalForTests(), 2, 0)) {
      int pid;
      try (Connection c = pool.getConnection()) {
        pid = backendPid(c);
      }
      try (Connection c = pool.getConnection()) {
        assertThat(backendPid(c)).isEqualTo(pid);
      }
    } finally {
      EmbeddedPostgresServer.dropDatabase(database);
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
