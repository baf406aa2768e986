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
 */
public final class PooledDataSource implements DataSource, AutoCloseable {
  /** Idle connections kept by default. */
  public static final int DEFAULT_MAX_IDLE = 8;

  private final DataSource physical;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  public PooledDataSource(DataSource physical) {
    this(physical, DEFAULT_MAX_IDLE);
  }

  public PooledDataSource(DataSource physical, int maxIdle) {
    if (maxIdle < 1) {
      throw new IllegalArgumentException("maxIdle must be at least 1");
    }
    this.physical = physical;
    this.maxIdle = maxIdle;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection;
    synchronized (this) {
      if (closed) {
        throw new SQLException("The test data source is closed");
      }
      connection = idle.pollFirst();
    }
    if (connection == null || connection.isClosed()) {
      connection = physical.getConnection();
    }
    return lease(connection);
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
          idle.addFirst(target);
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

  /** Closes the idle connections; leased ones close when returned. */
  @Override
  public void close() {
    Deque<Connection> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Connection connection : toClose) {
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
