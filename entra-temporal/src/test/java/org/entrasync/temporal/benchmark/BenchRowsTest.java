package org.entrasync.temporal.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EmailNormalization;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The comparison points write the rows the sync writes: a contact row includes its matching key
 * ({@code email_normalized}, written by Java since reference-host V2), so the floor's and the
 * baseline's contacts pay for the same indexes as the library's and can be found by email.
 */
class BenchRowsTest {
  private final TestDatabase db = EmbeddedPostgresServer.createDatabase("bench_rows",
      EmbeddedPostgresServer.Schema.LIBRARY_AND_REFERENCE_HOST);

  @AfterEach
  void drop() {
    EmbeddedPostgresServer.dropDatabase(db);
  }

  private static List<BenchHost.Tenant> tenants() {
    EmulatedTenant emulated = new EmulatedDirectory()
        .addTenant(BenchHost.tenantId(1), "Bench Customer 1", "customer1.bench.example")
        .addSyntheticUsers("c0000001", 7);
    return List.of(new BenchHost.Tenant(1, EntraTenantId.of(BenchHost.tenantId(1)), "client-1",
        "customer1.bench.example", emulated));
  }

  @Test
  void theFloorWritesEachContactWithItsMatchingKey() throws Exception {
    List<BenchHost.Tenant> tenants = tenants();
    BenchHost.seed(db, tenants);
    try (var c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      BulkInsertFloor.copyRows(c, tenants);
    }
    assertEveryContactHasItsKey(7);
  }

  @Test
  void theBaselineWritesEachContactWithItsMatchingKey() {
    List<BenchHost.Tenant> tenants = tenants();
    BenchHost.seed(db, tenants);
    Jdbi jdbi = Jdbi.create(db.dataSource());
    BenchHost.Tenant t = tenants.get(0);
    for (var user : t.emulated().page(0, 7)) {
      PerUserBaseline.syncOne(jdbi, t, new org.entrasync.spi.NewContact(user.id(), t.clientId(), user.displayName(),
          user.mail(), user.jobTitle(), user.userPrincipalName(), List.of()), List.of(user.mail()));
    }
    assertEveryContactHasItsKey(7);
  }

  private void assertEveryContactHasItsKey(int expected) {
    List<Map<String, Object>> rows = Jdbi.create(db.dataSource()).withHandle(h ->
        h.createQuery("select email, email_normalized from psa_contacts").mapToMap().list());
    assertThat(rows).hasSize(expected);
    for (Map<String, Object> row : rows) {
      assertThat(row.get("email_normalized")).isEqualTo(EmailNormalization.normalize((String) row.get("email")));
      assertThat(row.get("email_normalized")).isNotNull();
    }
  }
}
