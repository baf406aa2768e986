package org.entrasync.adapters.jdbi.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that counts what reaches the database at the JDBC level: every
 * {@code execute*} call of a statement (a JDBC batch counts once: it is sent as one round trip),
 * and every commit. Wrap the data source, reset, run the code under test, read the counts.
 */
public final class StatementCounter implements DataSource {
  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

  private final DataSource target;
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> sql = new ArrayList<>();

  public StatementCounter(DataSource target) {
    this.target = target;
  }

  /** Statements executed since the last {@link #reset()}. */
  public int statements() {
    return statements.get();
  }

  /** Commits since the last {@link #reset()}. */
  public int commits() {
    return commits.get();
  }

  /** The SQL of each prepared statement executed since the last reset (first line only). */
  public synchronized List<String> executedSql() {
    return List.copyOf(sql);
  }

  public synchronized void reset() {
    statements.set(0);
    commits.set(0);
    sql.clear();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrapConnection(target.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrapConnection(target.getConnection(username, password));
  }

  private Connection wrapConnection(Connection connection) {
    return (Connection) Proxy.newProxyInstance(
        Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("commit")) {
            commits.incrementAndGet();
          }
          Object result = invoke(connection, method, args);
          if (result instanceof Statement) {
            String text = method.getName().startsWith("prepare") && args != null && args[0] instanceof String
                ? (String) args[0] : null;
            return wrapStatement((Statement) result, text);
          }
          return result;
        });
  }

  private Statement wrapStatement(Statement statement, String text) {
    List<Class<?>> interfaces = new ArrayList<>();
    for (Class<?> type : new Class<?>[] {
        java.sql.CallableStatement.class, java.sql.PreparedStatement.class, Statement.class}) {
      if (type.isInstance(statement)) {
        interfaces.add(type);
        break;
      }
    }
    return (Statement) Proxy.newProxyInstance(
        Statement.class.getClassLoader(),
        interfaces.toArray(new Class<?>[0]),
        (proxy, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            statements.incrementAndGet();
            record(text != null ? text : args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
          }
          return invoke(statement, method, args);
        });
  }

  private synchronized void record(String text) {
    sql.add(text.strip().lines().findFirst().orElse(""));
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
