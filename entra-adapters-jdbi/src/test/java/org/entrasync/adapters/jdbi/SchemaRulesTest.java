package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rules the migrated schema itself must satisfy, read from the PostgreSQL catalog. */
@ExtendWith(EmbeddedPostgresExtension.class)
class SchemaRulesTest {
  private static final String OUR_TABLES = "(c.relname like 'entra\\_%' or c.relname like 'psa\\_%')";

  private final Jdbi jdbi;

  SchemaRulesTest(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Test
  void noColumnCanHoldACredential() {
    List<String> suspicious = jdbi.withHandle(h -> h.createQuery("""
            select table_name || '.' || column_name from information_schema.columns
             where table_schema = current_schema()
               and (table_name like 'entra\\_%' or table_name like 'psa\\_%')
               and column_name ~* '(token|secret|password|passwd|refresh|credential|api_?key)'
            """).mapTo(String.class).list());
    assertThat(suspicious).as("token-like columns").isEmpty();
  }

  private static final String PRIMARY_KEYS_NOT_STARTING_WITH_TENANT = "select c.relname"
      + " from pg_constraint k join pg_class c on c.oid = k.conrelid"
      + " join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]"
      + " where k.contype = 'p' and c.relnamespace = current_schema()::regnamespace and " + OUR_TABLES
      + " and a.attname <> 'msp_tenant_id' order by 1";

  private static final String FOREIGN_KEYS_WITHOUT_TENANT = "select k.conname"
      + " from pg_constraint k join pg_class c on c.oid = k.conrelid"
      + " where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace and " + OUR_TABLES
      + " and not exists (select 1 from unnest(k.conkey, k.confkey) as p(src, dst)"
      + "   join pg_attribute s on s.attrelid = k.conrelid and s.attnum = p.src"
      + "   join pg_attribute d on d.attrelid = k.confrelid and d.attnum = p.dst"
      + "   where s.attname = 'msp_tenant_id' and d.attname = 'msp_tenant_id') order by 1";

  @Test
  void everyPrimaryKeyStartsWithTheMspTenant() {
    List<String> offending = list(PRIMARY_KEYS_NOT_STARTING_WITH_TENANT);
    assertThat(offending).isEmpty();
    int total = jdbi.withHandle(h -> h.createQuery("select count(*) from pg_constraint k"
            + " join pg_class c on c.oid = k.conrelid where k.contype = 'p' and " + OUR_TABLES)
        .mapTo(Integer.class).one());
    assertThat(total).as("10 library tables and 3 reference host tables").isEqualTo(13);
  }

  @Test
  void everyForeignKeyIncludesTheMspTenantOnBothSides() {
    List<String> offending = list(FOREIGN_KEYS_WITHOUT_TENANT);
    assertThat(offending).as("foreign keys without msp_tenant_id").isEmpty();
    int total = jdbi.withHandle(h -> h.createQuery("select count(*) from pg_constraint k"
            + " join pg_class c on c.oid = k.conrelid where k.contype = 'f' and " + OUR_TABLES)
        .mapTo(Integer.class).one());
    assertThat(total).as("mappings, run results, links, queue and held deletions to their parents; contacts, phones")
        .isEqualTo(7);
  }

  private List<String> list(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }

  @Test
  void theKeyChecksDetectATableThatBreaksTheRules() {
    jdbi.useTransaction(h -> {
      h.execute("create table entra_probe_parent (id text primary key)");
      h.execute("create table entra_probe_child (msp_tenant_id text, parent_id text references entra_probe_parent (id),"
          + " primary key (msp_tenant_id, parent_id))");
      assertThat(h.createQuery(PRIMARY_KEYS_NOT_STARTING_WITH_TENANT).mapTo(String.class).list())
          .containsExactly("entra_probe_parent");
      assertThat(h.createQuery(FOREIGN_KEYS_WITHOUT_TENANT).mapTo(String.class).list())
          .containsExactly("entra_probe_child_parent_id_fkey");
      h.rollback();
    });
  }

  @Test
  void theRulesAreCarriedByUniqueIndexes() {
    Map<String, String> indexes = jdbi.withHandle(h -> h.createQuery("""
            select indexname, indexdef from pg_indexes where schemaname = current_schema()
            """)
        .setMapKeyColumn("indexname").setMapValueColumn("indexdef")
        .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {}));
    assertThat(indexes.get("entra_partner_connections_one_active_ux"))
        .contains("UNIQUE").contains("(msp_tenant_id)").contains("WHERE active");
    assertThat(indexes.get("entra_tenant_mappings_one_active_ux"))
        .contains("UNIQUE").contains("(msp_tenant_id, entra_tenant_id)").contains("WHERE active");
    assertThat(indexes.get("entra_contact_links_pk"))
        .contains("UNIQUE").contains("(msp_tenant_id, entra_tenant_id, entra_object_id)");
    assertThat(indexes.get("entra_contact_links_one_active_per_contact_ux"))
        .contains("UNIQUE").contains("(msp_tenant_id, contact_id)").contains("'active'");
    assertThat(indexes.get("entra_reconciliation_queue_one_open_ux"))
        .contains("UNIQUE").contains("(msp_tenant_id, entra_tenant_id, entra_object_id)").contains("'open'");
    // Not unique on purpose: a host's own data may hold two contacts of a client with one address.
    assertThat(indexes.get("psa_contacts_email_per_client_ix"))
        .doesNotContain("UNIQUE").contains("(msp_tenant_id, client_id, email_normalized)");
    assertThat(indexes.get("entra_tenant_mappings_by_client_ix")).contains("(msp_tenant_id, client_id)");
    assertThat(indexes.get("psa_contacts_email_ix")).contains("(msp_tenant_id, email_normalized)");
  }

  @Test
  void theSyncLookupsUseIndexes() {
    // With sequential scans priced out, the planner shows which index each lookup can use.
    String links = explain("select * from entra_contact_links where msp_tenant_id = 'm'"
        + " and entra_tenant_id = 't' and entra_object_id = any(array['a', 'b'])");
    String contacts = explain("select * from psa_contacts where msp_tenant_id = 'm' and client_id = 'c'"
        + " and email_normalized = any(array['a@x.example'])");
    String mappings = explain("select * from entra_tenant_mappings where msp_tenant_id = 'm'"
        + " and client_id = 'c' and active");
    assertThat(links).contains("entra_contact_links_pk");
    assertThat(contacts).contains("psa_contacts_email");
    assertThat(mappings).contains("entra_tenant_mappings_by_client_ix");
  }

  private String explain(String sql) {
    return jdbi.inTransaction(h -> {
      h.execute("set local enable_seqscan = off");
      return String.join("\n", h.createQuery("explain " + sql).mapTo(String.class).list());
    });
  }
}
