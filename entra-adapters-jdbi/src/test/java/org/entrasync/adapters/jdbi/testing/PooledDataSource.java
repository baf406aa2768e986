package org.entrasync.adapters.jdbi.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal connection pool for tests (opening a PostgreSQL connection costs tens of
 * milliseconds on a small machine). Closing a handed-out connection rolls back anything
 * uncommitted, restores auto-commit and returns it to the pool, which keeps at most {@code
 * maxIdle} idle connections (more are opened when more are in use at once, and closed on return).
 * As a production pool does (HikariCP's aliveness check), a connection idle for more than {@link
 * #VALIDATE_AFTER_IDLE_NANOS} is checked before it is handed out, and one the server ended (a
 * restart, or the chaos suite terminating backends) is dropped instead of failing the next caller.
 */
public final class PooledDataSource implements DataSource, AutoCloseable {
  /** Idle connections kept by default. */
  public static final int DEFAULT_MAX_IDLE = 8;

  private final DataSource physical;
  private final int maxIdle;
  private final long validateAfterIdleNanos;
  /** Idle time after which a connection is checked before it is handed out again (500 ms). */
  static final long VALIDATE_AFTER_IDLE_NANOS = 500_000_000L;

  private final Deque<Idle> idle = new ArrayDeque<>();
  private boolean closed;

  public PooledDataSource(DataSource physical) {
    this(physical, DEFAULT_MAX_IDLE);
  }

  public PooledDataSource(DataSource physical, int maxIdle) {
    this(physical, maxIdle, VALIDATE_AFTER_IDLE_NANOS);
  }

  /** @param validateAfterIdleNanos idle time after which a connection is checked before reuse */
  PooledDataSource(DataSource physical, int maxIdle, long validateAfterIdleNanos) {
    if (maxIdle < 1) {
      throw new IllegalArgumentException("maxIdle must be at least 1");
    }
    this.physical = physical;
    this.maxIdle = maxIdle;
    this.validateAfterIdleNanos = validateAfterIdleNanos;
  }

  private record Idle(Connection connection, long since) {}

  /** The unpooled data source behind this pool (tests of the pool itself). */
  DataSource physicalForTests() {
    return physical;
  }

  @Override
  public Connection getConnection() throws SQLException {
    while (true) {
      Idle next;
      synchronized (this) {
        if (closed) {
          throw new SQLException("The test data source is closed");
        }
        next = idle.pollFirst();
      }
      if (next == null) {
        return lease(physical.getConnection());
      }
      if (alive(next)) {
        return lease(next.connection());
      }
      try {
        next.connection().close();
      } catch (SQLException ignored) {
        // already broken: dropped
      }
    }
  }

  private boolean alive(Idle candidate) throws SQLException {
    Connection c = candidate.connection();
    if (c.isClosed()) {
      return false;
    }
    return System.nanoTime() - candidate.since() < validateAfterIdleNanos || c.isValid(2);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  private Connection lease(Connection target) {
    boolean[] released = {false};
    return (Connection) Proxy.newProxyInstance(
        Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              if (!released[0]) {
                released[0] = true;
                release(target);
              }
              return null;
            case "isClosed":
              return released[0] || target.isClosed();
            case "unwrap":
              if (((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
              }
              break;
            case "equals":
              return proxy == args[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            default:
              break;
          }
          if (released[0]) {
            throw new SQLException("Connection already returned to the pool");
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private void release(Connection target) {
    try {
      if (target.isClosed()) {
        return;
      }
      if (!target.getAutoCommit()) {
        target.rollback();
        target.setAutoCommit(true);
      }
      synchronized (this) {
        if (!closed && idle.size() < maxIdle) {
          idle.addFirst(new Idle(target, System.nanoTime()));
          return;
        }
      }
      target.close();
    } catch (SQLException e) {
      try {
        target.close();
      } catch (SQLException ignored) {
        // broken connection: dropped
      }
    }
  }

  /**
   * Closes the idle connections and keeps the pool open: for a test that has just ended backends on
   * purpose (the chaos suite), so that a connection ended a moment ago, too recently to be checked,
   * is not handed to the next caller.
   */
  public void evictIdle() {
    Deque<Connection> toClose = new ArrayDeque<>();
    synchronized (this) {
      idle.forEach(i -> toClose.add(i.connection()));
      idle.clear();
    }
    closeQuietly(toClose);
  }

  /** Closes the idle connections; leased ones close when returned. */
  @Override
  public void close() {
    Deque<Connection> toClose = new ArrayDeque<>();
    synchronized (this) {
      closed = true;
      idle.forEach(i -> toClose.add(i.connection()));
      idle.clear();
    }
    closeQuietly(toClose);
  }

  private static void closeQuietly(Deque<Connection> connections) {
    for (Connection connection : connections) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already gone
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("Not a wrapper of " + iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
