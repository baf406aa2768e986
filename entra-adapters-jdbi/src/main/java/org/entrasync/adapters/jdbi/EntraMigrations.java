package org.entrasync.adapters.jdbi;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The library's database migrations, run by the host with one call next to its own Flyway.
 *
 * <ul>
 *   <li>{@link #migrate(DataSource)}: the library's tables, from {@value #LOCATION}, recorded in
 *       their own history table {@value #HISTORY_TABLE}, so they never collide with the host's
 *       Flyway history (or the host's own V1, V2 ...).
 *   <li>{@link #migrateHostReference(DataSource)}: the reference host tables ({@code psa_clients},
 *       {@code psa_contacts}, {@code psa_contact_phones}) from {@value #HOST_REFERENCE_LOCATION},
 *       history in {@value #HOST_REFERENCE_HISTORY_TABLE}. Only for hosts without contacts of
 *       their own (the example host and tests).
 * </ul>
 *
 * Both run in the connection's current schema, are idempotent (a second call applies nothing) and
 * work on a database that already holds other tables: the first run baselines at version 0 and
 * then applies every migration. Released migrations are never edited; changes come as new ones.
 */
public final class EntraMigrations {
  public static final String LOCATION = "classpath:db/migration/entrasync";
  public static final String HISTORY_TABLE = "entrasync_schema_history";
  public static final String HOST_REFERENCE_LOCATION = "classpath:db/migration/entrasync-host-reference";
  public static final String HOST_REFERENCE_HISTORY_TABLE = "entrasync_host_reference_history";

  private EntraMigrations() {}

  /**
   * Applies the library's pending migrations.
   *
   * @return the number of migrations applied by this call (0 when up to date)
   */
  public static int migrate(DataSource dataSource) {
    return run(dataSource, LOCATION, HISTORY_TABLE);
  }

  /**
   * Applies the reference host tables' pending migrations (after {@link #migrate}).
   *
   * @return the number of migrations applied by this call
   */
  public static int migrateHostReference(DataSource dataSource) {
    return run(dataSource, HOST_REFERENCE_LOCATION, HOST_REFERENCE_HISTORY_TABLE);
  }

  private static int run(DataSource dataSource, String location, String historyTable) {
    Objects.requireNonNull(dataSource, "dataSource");
    MigrateResult result =
        Flyway.configure(EntraMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(location)
            .table(historyTable)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("<< entrasync baseline >>")
            .validateMigrationNaming(true)
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
