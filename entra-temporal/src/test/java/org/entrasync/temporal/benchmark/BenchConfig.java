package org.entrasync.temporal.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's knobs, read from system properties ({@code -Dentrasync.bench.*}; the Maven
 * profile {@code benchmark} passes them on to the forked JVM).
 *
 * @param tenants managed tenants of the generated MSP ({@code entrasync.bench.tenants}, default 10)
 * @param users users per tenant ({@code entrasync.bench.users}, default 5,000)
 * @param parallelism tenants synced at the same time ({@code entrasync.bench.parallelism}, default 1:
 *     sequential)
 * @param baselineTenants tenants the per-user baseline syncs ({@code entrasync.bench.baseline.tenants},
 *     default 2; 0 skips the baseline; capped at {@code tenants})
 * @param changedPercent share of users changed before the "after changes" resyncs
 *     ({@code entrasync.bench.changed.percent}, default 1)
 * @param warmupTenants tenants of the scratch MSP that warms the JVM up before anything is measured
 *     ({@code entrasync.bench.warmup.tenants}, default: {@code tenants})
 * @param warmupUsers users per warm-up tenant ({@code entrasync.bench.warmup.users}, default:
 *     {@code users}; 0 skips the warm-up). The warm-up runs the measured sync phases once, so the
 *     JIT compiler has compiled the sync's code paths before they are timed: on 2 cores, C2
 *     compiling them during a timed phase took seconds of CPU from it.
 * @param largeUsers users of the single large tenant synced in a child JVM
 *     ({@code entrasync.bench.large.users}, default 200,000; 0 skips it)
 * @param largeXmx the child JVM's {@code -Xmx} ({@code entrasync.bench.large.xmx}, default 256m)
 * @param analyze a diagnostic, not part of the library: {@code none} (default); {@code once},
 *     {@code tenant} or {@code page} runs {@code ANALYZE} on the sync's tables after the first page
 *     of each measured sync phase, after every tenant, or after every page (inside the measured
 *     time), to show what fresh planner statistics change ({@code entrasync.bench.analyze})
 * @param database which databases the phases run on ({@code entrasync.bench.database}): {@code both}
 *     (default: local, then realistic), {@code local} or {@code realistic} (see {@link BenchDatabases});
 *     the 200,000-user tenant runs on the realistic one unless only local is asked for
 * @param dbRoundTripMicros the round trip the realistic database's proxy adds
 *     ({@code entrasync.bench.db.rtt.us}, default 500)
 * @param baselineAnalyze the same diagnostic for the per-user baseline alone
 *     ({@code entrasync.bench.baseline.analyze}, default: {@code analyze}); {@code page} shows the
 *     baseline with the statistics a long-running database would have (the library refreshes its own
 *     as an initial sync grows the tables; the naive baseline does not)
 */
record BenchConfig(
    int tenants,
    int users,
    int parallelism,
    int baselineTenants,
    int changedPercent,
    int warmupTenants,
    int warmupUsers,
    int largeUsers,
    String largeXmx,
    String analyze,
    String baselineAnalyze,
    String database,
    int dbRoundTripMicros) {

  static final String PREFIX = "entrasync.bench.";

  BenchConfig {
    if (tenants < 1 || users < 1) {
      throw new IllegalArgumentException("entrasync.bench.tenants and entrasync.bench.users must be at least 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("entrasync.bench.parallelism must be at least 1");
    }
    if (warmupTenants < 1 || warmupUsers < 0) {
      throw new IllegalArgumentException("entrasync.bench.warmup.tenants must be at least 1 and warmup.users at least 0");
    }
    if (changedPercent < 1 || changedPercent > 50) {
      throw new IllegalArgumentException("entrasync.bench.changed.percent must be 1..50");
    }
    baselineTenants = Math.max(0, Math.min(baselineTenants, tenants));
    if (!List.of("none", "once", "tenant", "page").contains(analyze)
        || !List.of("none", "once", "tenant", "page").contains(baselineAnalyze)) {
      throw new IllegalArgumentException("entrasync.bench.analyze and entrasync.bench.baseline.analyze must be none,"
          + " once, tenant or page");
    }
    if (!List.of("both", "local", "realistic").contains(database)) {
      throw new IllegalArgumentException("entrasync.bench.database must be both, local or realistic; got '" + database + "'");
    }
    if (dbRoundTripMicros < 0) {
      throw new IllegalArgumentException("entrasync.bench.db.rtt.us must be at least 0");
    }
  }

  static BenchConfig fromSystemProperties() {
    int tenants = intProperty("tenants", 10);
    int users = intProperty("users", 5_000);
    return new BenchConfig(
        tenants,
        users,
        intProperty("parallelism", 1),
        intProperty("baseline.tenants", 2),
        intProperty("changed.percent", 1),
        intProperty("warmup.tenants", tenants),
        intProperty("warmup.users", users),
        intProperty("large.users", 200_000),
        stringProperty("large.xmx", "256m"),
        stringProperty("analyze", "none"),
        stringProperty("baseline.analyze", stringProperty("analyze", "none")),
        stringProperty("database", "both"),
        intProperty("db.rtt.us", 500));
  }

  /** The databases the phases run on, in order. */
  List<BenchDatabases> databases() {
    List<BenchDatabases> out = new ArrayList<>();
    if (!database.equals("realistic")) {
      out.add(BenchDatabases.local());
    }
    if (!database.equals("local")) {
      out.add(realisticDatabase());
    }
    return out;
  }

  /** The database of the 200,000-user tenant: the realistic one unless only local is asked for. */
  BenchDatabases largeDatabase() {
    return database.equals("local") ? BenchDatabases.local() : realisticDatabase();
  }

  private BenchDatabases realisticDatabase() {
    return BenchDatabases.realistic(java.time.Duration.ofNanos(dbRoundTripMicros * 1_000L));
  }

  /** Users changed per tenant before each "after changes" resync. */
  int changedPerTenant() {
    return changedPerTenant(users);
  }

  /** Users changed per tenant of {@code usersPerTenant} before each "after changes" resync. */
  int changedPerTenant(int usersPerTenant) {
    return Math.max(1, usersPerTenant * changedPercent / 100);
  }

  /** The {@code -Dentrasync.bench.*} options of this JVM, to hand to a child JVM. */
  static List<String> propagatedProperties() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith(PREFIX) || key.startsWith("org.slf4j.")) {
        out.add("-D" + key + "=" + e.getValue());
      }
    }
    return out;
  }

  /** {@code entrasync.bench.<name>} as a number, or {@code fallback} when unset or blank. */
  static int intProperty(String name, int fallback) {
    String value = System.getProperty(PREFIX + name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PREFIX + name + " must be a number; got '" + value + "'", e);
    }
  }

  private static String stringProperty(String name, String fallback) {
    String value = System.getProperty(PREFIX + name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
