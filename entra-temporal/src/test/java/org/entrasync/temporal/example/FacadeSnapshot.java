package org.entrasync.temporal.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;

/**
 * Everything a facade call could write, captured at one moment: every row of every library and
 * reference-host table (each row as its full JSON, so any changed column shows, timestamps
 * included), the connection secrets of the given MSP tenants as the SecretProvider returns them
 * (hashed, never the values), their schedules, the flag definitions and their targeting, and how many
 * workflow starts, schedule writes and flag writes reached the host. Two snapshots are equal when
 * nothing was written in between.
 */
record FacadeSnapshot(
    Map<String, List<String>> tables,
    Map<String, String> secrets,
    Map<String, Integer> schedules,
    List<String> flags,
    int workflowStarts,
    int scheduleWrites,
    int flagWrites) {

  static final String CONNECTIONS = "entra_partner_connections";
  static final String TENANTS = "entra_managed_tenants";
  static final String MAPPINGS = "entra_tenant_mappings";
  static final String SETTINGS = "entra_sync_settings";
  static final String RUNS = "entra_sync_runs";
  static final String RUN_TENANTS = "entra_sync_run_tenants";
  static final String LINKS = "entra_contact_links";
  static final String QUEUE = "entra_reconciliation_queue";
  static final String HELD = "entra_held_deletions";
  static final String CLIENTS = "psa_clients";
  static final String CONTACTS = "psa_contacts";
  static final String PHONES = "psa_contact_phones";
  static final List<String> ALL_TABLES =
      List.of(CONNECTIONS, TENANTS, MAPPINGS, SETTINGS, RUNS, RUN_TENANTS, LINKS, QUEUE, HELD, CLIENTS, CONTACTS, PHONES);

  static final List<String> SECRET_KEYS;

  static {
    List<String> keys = new ArrayList<>(List.of(SecretKeys.MICROSOFT_CLIENT_ID, SecretKeys.MICROSOFT_CLIENT_SECRET,
        SecretKeys.MICROSOFT_TENANT_ID));
    keys.addAll(SecretKeys.DIRECT_CONNECTION_KEYS);
    keys.addAll(SecretKeys.CIPP_CONNECTION_KEYS);
    SECRET_KEYS = List.copyOf(keys);
  }

  static FacadeSnapshot take(FacadeHost h, List<MspTenantId> tenants) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String table : ALL_TABLES) {
      tables.put(table, h.host.storage().jdbi().withHandle(handle ->
          handle.createQuery("select to_jsonb(t)::text from " + table + " t order by 1").mapTo(String.class).list()));
    }
    Map<String, String> secrets = new TreeMap<>();
    Map<String, Integer> schedules = new TreeMap<>();
    List<String> flags = new ArrayList<>();
    h.hostFlags().definitions().forEach(d -> flags.add("defined:" + d.name()));
    for (MspTenantId tenant : tenants) {
      for (String key : SECRET_KEYS) {
        h.host.secrets().getTenantSecret(tenant, key).ifPresent(v -> secrets.put(tenant + "/" + key, sha256(v)));
      }
      h.schedules.interval(tenant).ifPresent(i -> schedules.put(tenant.value(), i));
      for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
        flags.add(tenant + "/" + flag.name() + "=" + h.hostFlags().isEnabled(tenant, flag.name()));
      }
    }
    return new FacadeSnapshot(tables, secrets, schedules, flags, h.launcher.starts.get(), h.schedules.writes.get(),
        h.flags.writes.get());
  }

  /** The rows of these tables only (everything else left out of the comparison). */
  FacadeSnapshot tablesOnly(String... names) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String name : names) {
      kept.put(name, tables.get(name));
    }
    return new FacadeSnapshot(kept, Map.of(), Map.of(), List.of(), 0, 0, 0);
  }

  /** Every table but these. */
  FacadeSnapshot tablesExcept(String... names) {
    Set<String> skip = Set.of(names);
    return tablesOnly(ALL_TABLES.stream().filter(t -> !skip.contains(t)).toArray(String[]::new));
  }

  /** The same snapshot without the flag state (to compare while a flag is deliberately off). */
  FacadeSnapshot withoutFlags() {
    return new FacadeSnapshot(tables, secrets, schedules, List.of(), workflowStarts, scheduleWrites, flagWrites);
  }

  int rows(String table) {
    return tables.get(table).size();
  }

  /** Asserts that nothing changed since {@code before}, naming what did. */
  void assertSameAs(FacadeSnapshot before, String what) {
    for (String table : before.tables.keySet()) {
      assertThat(tables.get(table)).as("%s: rows of %s", what, table).containsExactlyElementsOf(before.tables.get(table));
    }
    assertThat(secrets).as("%s: connection secrets (hashed)", what).isEqualTo(before.secrets);
    assertThat(schedules).as("%s: schedules", what).isEqualTo(before.schedules);
    assertThat(flags).as("%s: flag definitions and targets", what).isEqualTo(before.flags);
    assertThat(workflowStarts).as("%s: workflows started", what).isEqualTo(before.workflowStarts);
    assertThat(scheduleWrites).as("%s: schedule writes", what).isEqualTo(before.scheduleWrites);
    assertThat(flagWrites).as("%s: flag writes", what).isEqualTo(before.flagWrites);
  }

  private static String sha256(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
