package org.entrasync.adapters.jdbi.testing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that counts what reaches the database at the JDBC level: every
 * {@code execute*} call of a statement (a JDBC batch counts once: it is sent as one round trip),
 * and every commit. Wrap the data source, reset, run the code under test, read the counts.
 */
public final class StatementCounter extends WrappingDataSource {
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> sql = new ArrayList<>();

  public StatementCounter(DataSource target) {
    super(target);
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
  protected Connection wrap(Connection connection) {
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

}
