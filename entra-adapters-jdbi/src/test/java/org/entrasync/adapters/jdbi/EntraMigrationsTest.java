package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer.Schema;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.spi.MspTenantId;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The migrations from scratch, applied twice, and next to a host's own schema and Flyway history. */
class EntraMigrationsTest {
  private TestDatabase database;

  @AfterEach
  void drop() {
    if (database != null) {
      EmbeddedPostgresServer.dropDatabase(database);
    }
  }

  private List<String> tables(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("""
            select table_name from information_schema.tables
             where table_schema = current_schema() and table_type = 'BASE TABLE'
             order by table_name
            """).mapTo(String.class).list());
  }

  private static final List<String> LIBRARY_TABLES = List.of(
      "entra_contact_links", "entra_managed_tenants", "entra_partner_connections", "entra_reconciliation_queue",
      "entra_sync_run_tenants", "entra_sync_runs", "entra_sync_settings", "entra_tenant_mappings",
      "entrasync_schema_history");

  /** The library's migration versions, from its migration folder (so adding one needs no edit here). */
  private static List<String> libraryVersions() {
    try {
      java.nio.file.Path folder = java.nio.file.Path.of(
          EntraMigrationsTest.class.getClassLoader().getResource("db/migration/entrasync").toURI());
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
        return files.map(f -> f.getFileName().toString())
            .filter(n -> n.matches("V\\d+__.*\\.sql"))
            .map(n -> n.substring(1, n.indexOf("__")))
            .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
            .toList();
      }
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fromScratchTheLibraryTablesThenTheReferenceHostTables() {
    database = EmbeddedPostgresServer.createDatabase("migrate_scratch", Schema.NONE);
    Jdbi jdbi = database.jdbi();

    assertThat(EntraMigrations.migrate(database.dataSource())).isEqualTo(libraryVersions().size());
    assertThat(tables(jdbi)).containsAll(LIBRARY_TABLES).allMatch(t -> t.startsWith("entra"));

    assertThat(EntraMigrations.migrateHostReference(database.dataSource())).isEqualTo(1);
    assertThat(tables(jdbi)).containsAll(LIBRARY_TABLES).contains(
        "psa_clients", "psa_contacts", "psa_contact_phones", "entrasync_host_reference_history");

    // The storage works on the result.
    JdbiStorage storage = JdbiStorage.create(database.dataSource());
    assertThat(storage.syncSettings().get(MspTenantId.of("msp-1")).intervalMinutes()).isEqualTo(1440);
    assertThat(storage.referenceHostClients().listClients(MspTenantId.of("msp-1"))).isEmpty();
  }

  @Test
  void appliedTwiceTheSecondRunAppliesNothing() {
    database = EmbeddedPostgresServer.createDatabase("migrate_twice", Schema.NONE);
    EntraMigrations.migrate(database.dataSource());
    EntraMigrations.migrateHostReference(database.dataSource());
    List<String> before = tables(database.jdbi());

    assertThat(EntraMigrations.migrate(database.dataSource())).isZero();
    assertThat(EntraMigrations.migrateHostReference(database.dataSource())).isZero();
    assertThat(tables(database.jdbi())).isEqualTo(before);
  }

  @Test
  void besideAHostSchemaWithItsOwnFlywayHistory() {
    database = EmbeddedPostgresServer.createDatabase("migrate_host", Schema.NONE);
    Flyway host = Flyway.configure()
        .dataSource(database.dataSource())
        .locations("classpath:db/host-example")
        .load();
    assertThat(host.migrate().migrationsExecuted).isEqualTo(2);

    assertThat(EntraMigrations.migrate(database.dataSource())).isEqualTo(libraryVersions().size());
    assertThat(EntraMigrations.migrateHostReference(database.dataSource())).isEqualTo(1);

    Jdbi jdbi = database.jdbi();
    assertThat(tables(jdbi)).containsAll(LIBRARY_TABLES)
        .contains("customers", "users", "invoices", "flyway_schema_history", "psa_contacts");
    // The host's history is untouched; the library's has its own rows.
    List<String> hostVersions = versions(jdbi, "flyway_schema_history");
    List<String> libraryVersions = versions(jdbi, "entrasync_schema_history");
    assertThat(hostVersions).containsExactly("1", "2");
    List<String> expected = new java.util.ArrayList<>(List.of("0"));
    expected.addAll(libraryVersions());
    assertThat(libraryVersions).containsExactlyElementsOf(expected);

    // The host keeps migrating normally, and the library stays up to date.
    assertThat(host.validateWithResult().validationSuccessful).isTrue();
    assertThat(host.migrate().migrationsExecuted).isZero();
    assertThat(EntraMigrations.migrate(database.dataSource())).isZero();
  }

  private static List<String> versions(Jdbi jdbi, String historyTable) {
    return jdbi.withHandle(h -> h.createQuery("select version from " + historyTable
            + " where success and version is not null order by installed_rank")
        .mapTo(String.class).list());
  }

  @Test
  void theLibraryLocationDoesNotPickUpTheReferenceHostMigrations() {
    database = EmbeddedPostgresServer.createDatabase("migrate_apart", Schema.NONE);
    EntraMigrations.migrate(database.dataSource());
    assertThat(tables(database.jdbi())).noneMatch(t -> t.startsWith("psa_"));
  }
}
