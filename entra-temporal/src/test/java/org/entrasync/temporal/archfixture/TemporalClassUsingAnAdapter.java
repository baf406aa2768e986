package org.entrasync.temporal.archfixture;

/** Deliberately breaks "orchestration never depends on an adapter" so the rule is seen to fail. */
public final class TemporalClassUsingAnAdapter {
  public Object storage(javax.sql.DataSource dataSource) {
    return org.entrasync.adapters.jdbi.JdbiStorage.create(dataSource);
  }
}
