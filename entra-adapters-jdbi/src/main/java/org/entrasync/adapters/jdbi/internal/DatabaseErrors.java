package org.entrasync.adapters.jdbi.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns JDBI/JDBC failures into the library's two error kinds, so no vendor exception crosses a
 * port: an unreachable or overloaded database, a serialization failure or a deadlock is {@link
 * EntraUnavailableException} (a retry can help); anything else (a constraint, a missing table) is
 * {@link EntraRejectedException}. Messages name the cause and the remedy and carry no row data.
 */
public final class DatabaseErrors {
  private DatabaseErrors() {}

  /** Wraps {@code target} so that every call of {@code port}'s methods translates failures. */
  public static <T> T translating(Class<T> port, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              case "toString":
                return port.getSimpleName() + "[" + target + "]";
              default:
                break;
            }
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw translate(e.getCause());
          }
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  /** The library's exception for a failure (unchanged if it is not a database failure). */
  public static Throwable translate(Throwable failure) {
    if (!(failure instanceof JdbiException)) {
      return failure;
    }
    SQLException sql = findSqlException(failure);
    String state = sql == null ? null : sql.getSQLState();
    if (failure instanceof ConnectionException || isTransient(state)) {
      return new EntraUnavailableException(
          "The entrasync database is unavailable or busy" + describe(state, sql)
              + ". The operation can be retried; check that PostgreSQL is reachable and not overloaded.",
          failure);
    }
    if (state != null && state.startsWith("42P01")) {
      return new EntraRejectedException(
          "An entrasync table is missing" + describe(state, sql)
              + ". Run EntraMigrations.migrate(dataSource) (and migrateHostReference for the reference host"
              + " tables) before using the storage.",
          failure);
    }
    if (state != null && state.startsWith("23")) {
      return new EntraRejectedException(
          "The entrasync database refused the write" + describe(state, sql)
              + ". The data conflicts with a rule of the schema; fix the input or the conflicting row.",
          failure);
    }
    return new EntraRejectedException(
        "An entrasync database statement failed" + describe(state, sql)
            + ". Check that the schema is migrated to this library version.",
        failure);
  }

  private static boolean isTransient(String state) {
    if (state == null) {
      return false;
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources
        || state.startsWith("57") // operator intervention (shutdown, cancel)
        || state.startsWith("58") // system error
        || state.equals("40001") // serialization failure
        || state.equals("40P01") // deadlock
        || state.equals("55P03"); // lock not available
  }

  private static String describe(String state, SQLException sql) {
    if (sql == null) {
      return "";
    }
    // The server's primary message names the constraint or table; its detail (row values) is left out.
    String message = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
    return " (SQLSTATE " + state + ": " + message + ")";
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return (SQLException) t;
      }
    }
    return null;
  }
}
