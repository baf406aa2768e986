package org.entrasync.adapters.jdbi.testing;

import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A database of the shared embedded PostgreSQL server, made for one test class.
 *
 * @param name the database name
 * @param dataSource a data source with a small pool of connections to that database
 * @param jdbcUrl the JDBC URL, user {@code postgres}, no password
 */
public record TestDatabase(String name, DataSource dataSource, String jdbcUrl) {
  public TestDatabase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
  }

  /** A new {@link Jdbi} over {@link #dataSource()}. */
  public Jdbi jdbi() {
    return Jdbi.create(dataSource);
  }
}
