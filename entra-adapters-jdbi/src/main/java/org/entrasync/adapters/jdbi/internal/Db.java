package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.entrasync.core.model.WireNamed;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/** Small binding and reading helpers shared by the repositories. */
public final class Db {
  private Db() {}

  /** Binds an instant as {@code timestamptz} (exact, independent of the JVM time zone). */
  public static Argument ts(Instant instant) {
    if (instant == null) {
      return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    OffsetDateTime value = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, value);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  public static String wire(WireNamed value) {
    return value == null ? null : value.wireName();
  }

  /** Distinct, non-null values, in first-seen order. */
  public static <T> List<String> distinct(Collection<T> values, Function<T, String> key) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (T value : values) {
      if (value != null) {
        out.add(Objects.requireNonNull(key.apply(value)));
      }
    }
    return List.copyOf(out);
  }

  /** Binds a list of strings (nulls allowed) as a {@code varchar[]}. */
  public static <S extends SqlStatement<S>> S strings(S statement, String name, List<String> values) {
    return statement.bindArray(name, String.class, values);
  }

  /** Binds a list of integers as an {@code integer[]}. */
  public static <S extends SqlStatement<S>> S ints(S statement, String name, List<Integer> values) {
    return statement.bindArray(name, Integer.class, values);
  }
}
