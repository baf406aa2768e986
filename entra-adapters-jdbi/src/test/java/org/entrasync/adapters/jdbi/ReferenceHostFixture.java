package org.entrasync.adapters.jdbi;

import java.util.List;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.spi.MspTenantId;

/** Test-only reset of the reference host rows of given MSP tenants (the adapter itself deletes nothing). */
final class ReferenceHostFixture {
  private ReferenceHostFixture() {}

  static void forget(TestDatabase database, List<MspTenantId> tenants) {
    List<String> ids = tenants.stream().map(MspTenantId::value).toList();
    database.jdbi().useTransaction(h -> {
      for (String table : List.of("psa_contact_phones", "psa_contacts", "psa_clients")) {
        h.createUpdate("delete from " + table + " where msp_tenant_id = any(:ids)")
            .bindArray("ids", String.class, ids)
            .execute();
      }
    });
  }
}
