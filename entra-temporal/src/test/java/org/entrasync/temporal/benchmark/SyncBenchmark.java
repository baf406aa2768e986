package org.entrasync.temporal.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sync benchmark (a runnable main, not a test). Generates an MSP of T tenants x U users in the
 * Graph emulator and, on embedded PostgreSQL, through the real Graph adapter (HTTP) and the
 * library's {@code TenantSyncService} with the JDBI page writer, measures and prints:
 *
 * <ol>
 *   <li>the initial sync of every tenant, five times, each on a fresh database right after a run of
 *       the floor (5); the target judges the median of the five pairs' ratios (the median runs'
 *       ratio is printed too), and the median run is the one the other comparisons use;
 *   <li>a no-change resync, full listing and delta;
 *   <li>a resync after 1% of the users changed their job title (jobTitle toggle on), full listing
 *       and delta (each after its own 1%);
 *   <li>the same initial sync through a naive per-user baseline ({@link PerUserBaseline}) on a
 *       fresh database (by default on 2 of the tenants; per-user rates are compared);
 *   <li>a COPY bulk insert of the same rows as the physical floor ({@link BulkInsertFloor}), five
 *       times, each on a fresh database just before one of the initial syncs;
 *   <li>one tenant of 200,000 users synced end to end in a child JVM with {@code -Xmx256m}.
 * </ol>
 *
 * Also a pure listing of every tenant (the emulator's and the HTTP/JSON path's share). Then the
 * ratios and whether each target is met. Run it with {@code mvn -pl entra-temporal -Pbenchmark verify}
 * (see the module README); knobs in {@link BenchConfig}.
 */
public final class SyncBenchmark {
  private static final String RESULT = "RESULT ";

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    preloadHelpers();
    if (args.length > 0 && args[0].equals("large")) {
      runLarge(BenchConfig.fromSystemProperties());
      System.exit(0);
    }
    // One suite per run; add a case for a new suite.
    String suite = System.getProperty(BenchConfig.PREFIX + "suite", "sync").strip();
    switch (suite) {
      case "", "sync" -> runMain(BenchConfig.fromSystemProperties());
      case "preview" -> PreviewBenchmark.run();
      case "msp" -> MspBenchmark.run();
      default -> throw new IllegalArgumentException("entrasync.bench.suite must be sync (the default), preview or msp; got '"
          + suite + "'");
    }
    System.exit(0); // the embedded PostgreSQL server stops in its shutdown hook
  }

  /**
   * Loads every class of this package up front: the run takes minutes and the classes live in
   * {@code target/test-classes}, which another build of the module may clean meanwhile.
   */
  private static void preloadHelpers() throws ClassNotFoundException {
    for (String name : List.of("BenchConfig", "BenchHost", "BenchHost$Tenant", "BulkInsertFloor", "CpuMeter",
        "CpuMeter$Cpu", "CpuMeter$Running", "HeapMeter", "HeapMeter$Peak", "PerUserBaseline", "PhaseResult",
        "PhaseResult$Running", "Report", "SyncPhases", "SyncPhases$TenantTask", "TimedDataSource",
        "TimedDataSource$Stat", "TimedDataSource$Line", "PreviewBenchmark", "PreviewBenchmark$GeneratedMsp",
        "PreviewBenchmark$Timing", "BenchDatabases", "BenchDatabases$1", "BenchDatabases$Realistic", "DelayProxy",
        "MspBenchmark", "MspBenchmark$Settings", "MspBenchmark$SyncFigures",
        "MspBenchmark$HistoryCheck", "MspBenchmark$DiscoveryCheck", "MspBenchHost", "MspBenchHost$ShiftedClock",
        "ActivityTimer", "ActivityTimer$Line", "ActivityTimer$1", "ThreadCpu")) {
      Class.forName(SyncBenchmark.class.getPackageName() + "." + name);
    }
  }

  // ---------------------------------------------------------------- main run

  private static void runMain(BenchConfig config) throws Exception {
    int total = config.tenants() * config.users();
    Report.line("entrasync sync benchmark");
    Report.line("  machine: %d cores, JVM max heap %s, Java %s, load average at start %s",
        Runtime.getRuntime().availableProcessors(), Report.mib(Runtime.getRuntime().maxMemory()),
        System.getProperty("java.version"), Report.loadAverage());
    Report.line("  MSP: %d tenants x %,d users = %,d users; page size 999; tenants synced %s",
        config.tenants(), config.users(), total,
        config.parallelism() == 1 ? "sequentially" : "with a fixed parallelism of " + config.parallelism());
    if (!config.analyze().equals("none")) {
      Report.line("  DIAGNOSTIC: ANALYZE of the sync's tables after %s (entrasync.bench.analyze), inside the measured"
          + " time; this is not what the library does", config.analyze().equals("once")
          ? "the first page of each measured sync phase" : "every " + config.analyze());
    }
    if (!config.baselineAnalyze().equals(config.analyze())) {
      Report.line("  DIAGNOSTIC: the per-user baseline runs ANALYZE after %s (entrasync.bench.baseline.analyze), inside its"
          + " measured time", config.baselineAnalyze().equals("once") ? "its first page" : "every " + config.baselineAnalyze());
    }
    Report.line("  the Graph emulator (MockWebServer + JSON rendering) runs inside this JVM and shares its 2 cores");
    List<BenchDatabases> databases = config.databases();
    for (BenchDatabases db : databases) {
      Report.line("  database %s", db.describe());
    }

    if (config.warmupUsers() > 0) {
      long start = System.nanoTime();
      try (BenchHost warm = new BenchHost(databases.get(0), "bench_warmup", config.warmupTenants(), config.warmupUsers(),
          9_000)) {
        runSyncPhases(config, warm, config.warmupUsers(), false);
      }
      Report.line("  warm-up (not measured): the sync phases 1-3 below, once, on a scratch MSP of %d tenants x %,d users"
          + " (%s database), in %s", config.warmupTenants(), config.warmupUsers(), databases.get(0).key(),
          Report.secs(System.nanoTime() - start));
    }

    Map<String, Map<String, PhaseResult>> byDatabase = new LinkedHashMap<>();
    Map<String, List<Double>> pairRatios = new LinkedHashMap<>();
    for (BenchDatabases db : databases) {
      byDatabase.put(db.key(), runPhases(config, db, pairRatios));
    }
    Map<String, String> large = config.largeUsers() > 0 ? runLargeChild(config) : Map.of();
    summary(config, byDatabase, pairRatios, large);
  }

  /**
   * Phases 1-5 and the pure listing on one kind of database; puts the initial sync / floor ratio of
   * each adjacent pair into {@code pairRatios} under the database's key.
   */
  private static Map<String, PhaseResult> runPhases(BenchConfig config, BenchDatabases db,
      Map<String, List<Double>> pairRatios) {
    Report.line("");
    Report.line("==== database %s ====", db.describe());
    Map<String, PhaseResult> r = new LinkedHashMap<>();
    long setupStart = System.nanoTime();
    try (BenchHost host = new BenchHost(db, "bench_ours", config.tenants(), config.users(), 1)) {
      Report.line("  setup (not measured): database, migrations, sign-in, discovery through Graph, %d clients,"
          + " %d mappings, jobTitle toggle on: %s; %s", host.tenants.size(), host.tenants.size(),
          Report.secs(System.nanoTime() - setupStart), postgresVersion(host));
      Report.line("  a round trip (select 1) takes %.3f ms (median; to the server directly %.3f ms); a one-row"
          + " autocommitted insert %.3f ms; load average %s", BenchDatabases.medianRoundTripMillis(host.database.dataSource()),
          db.directRoundTripMillis(), BenchDatabases.medianCommitMillis(host.database.dataSource()), Report.loadAverage());
      // The initial sync and the COPY floor are measured in adjacent pairs (floor, then initial sync, each
      // on a fresh database), the last pair's sync being this host's own: one run of a few seconds moves
      // with this shared machine's load by a fifth or more, and a slow spell lasts tens of seconds, so
      // runs minutes apart compared a quiet side with a slow one either way. Medians over the pairs.
      List<PhaseResult> initials = new ArrayList<>();
      List<PhaseResult> floors = new ArrayList<>();
      for (int k = 1; k < BulkInsertFloor.RUNS; k++) {
        floors.add(BulkInsertFloor.run(db, host.tenants));
        try (BenchHost scratch = new BenchHost(db, "bench_initial_" + k, config.tenants(), config.users(), 1 + 1000 * k)) {
          initials.add(new SyncPhases(scratch, config.parallelism(), config.analyze())
              .sync("initial sync (full listing; creates every contact)", scratch.tenants));
        }
      }
      floors.add(BulkInsertFloor.run(db, host.tenants));
      r.putAll(runSyncPhases(config, host, config.users(), true, initials)); // adds the host's own to initials
      SyncPhases phases = new SyncPhases(host, config.parallelism(), config.analyze());
      List<BenchHost.Tenant> tenants = host.tenants;
      r.put("listing", phases.pureListing("pure Graph listing of every tenant (emulator + HTTP + SDK parsing;"
          + " nothing planned or written)", tenants));
      Report.phase("E", r.get("listing"), false);

      List<BenchHost.Tenant> subset = tenants.subList(0, config.baselineTenants());
      if (!subset.isEmpty()) {
        r.put("baseline", PerUserBaseline.run(host, subset, config.baselineAnalyze()));
        Report.phase("4", withName(r.get("baseline"), "per-user BASELINE (naive: lookup query + own transaction per user)"
            + " on " + subset.size() + " of the " + tenants.size() + " tenants, fresh database"
            + (subset.size() < tenants.size() ? "; compared per user" : "")), true);
      }
      r.put("floor", median(floors, "floor"));
      Report.phase("5", r.get("floor"), false);
      Report.line("    3 COPY statements + 1 commit per tenant (contacts, phones, links); measured before each"
          + " initial sync above");
      List<Double> ratios = pairRatios(initials, floors);
      pairRatios.put(db.key(), ratios);
      StringBuilder inOrder = new StringBuilder();
      for (double ratio : ratios) {
        inOrder.append(inOrder.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", ratio));
      }
      Report.line("    initial sync / floor per adjacent pair, in order: %s; median %.2fx", inOrder, median(ratios));
    }
    return r;
  }

  /**
   * Phases 1-3 (initial sync, no-change resyncs, resyncs after changes) on {@code host}; printed
   * when {@code report} (the warm-up runs them unprinted).
   */
  private static Map<String, PhaseResult> runSyncPhases(BenchConfig config, BenchHost host, int users, boolean report) {
    return runSyncPhases(config, host, users, report, List.of());
  }

  /**
   * As above; with {@code otherInitials} (initial syncs of the same MSP on fresh databases), this
   * host's initial sync is added to them (last) and the median of them all is the one the summary
   * compares.
   */
  private static Map<String, PhaseResult> runSyncPhases(BenchConfig config, BenchHost host, int users, boolean report,
      List<PhaseResult> otherInitials) {
    Map<String, PhaseResult> r = new LinkedHashMap<>();
    SyncPhases phases = new SyncPhases(host, config.parallelism(), config.analyze());
    List<BenchHost.Tenant> tenants = host.tenants;

    r.put("initial", phases.sync("initial sync (full listing; creates every contact)", tenants));
    if (report) {
      Report.phase("1", r.get("initial"), true);
      Report.line("    database after: %,d contacts, %,d links, %,d phones", host.count("psa_contacts"),
          host.count("entra_contact_links"), host.count("psa_contact_phones"));
    }
    if (!otherInitials.isEmpty()) {
      otherInitials.add(r.get("initial")); // the one above: the last
      r.put("initial", median(otherInitials, "initial sync"));
    }

    phases.forceFullListing(tenants);
    r.put("noChangeFull", phases.sync("no-change resync, full listing", tenants));
    r.put("noChangeDelta", phases.sync("no-change resync, delta", tenants));
    if (report) {
      Report.phase("2a", r.get("noChangeFull"), true);
      Report.phase("2b", r.get("noChangeDelta"), true);
    }

    int perTenant = config.changedPerTenant(users);
    int stride = Math.max(1, users / perTenant);
    int changedA = SyncPhases.changeJobTitles(tenants, perTenant, 0, "Changed title A");
    phases.forceFullListing(tenants);
    r.put("changedFull", phases.sync("resync after " + config.changedPercent() + "% changed (" + changedA
        + " job titles), full listing", tenants));
    int changedB = SyncPhases.changeJobTitles(tenants, perTenant, stride / 2, "Changed title B");
    r.put("changedDelta", phases.sync("resync after another " + config.changedPercent() + "% changed (" + changedB
        + " job titles), delta", tenants));
    if (report) {
      Report.phase("3a", r.get("changedFull"), true);
      expect(r.get("changedFull").counters().updated() == changedA, "full resync updated "
          + r.get("changedFull").counters().updated() + " contacts; expected " + changedA);
      Report.phase("3b", r.get("changedDelta"), true);
      expect(r.get("changedDelta").counters().updated() == changedB, "delta resync updated "
          + r.get("changedDelta").counters().updated() + " contacts; expected " + changedB);
    }
    return r;
  }

  /** The run with the median wall time of {@code runs}, after printing every run's wall in order. */
  static PhaseResult median(List<PhaseResult> runs, String what) {
    List<PhaseResult> byWall = new ArrayList<>(runs);
    byWall.sort(java.util.Comparator.comparingLong(PhaseResult::wallNanos));
    StringBuilder walls = new StringBuilder();
    for (PhaseResult run : runs) {
      walls.append(walls.length() == 0 ? "" : ", ").append(Report.secs(run.wallNanos()));
    }
    Report.line("    %s runs (each on a fresh database), in order: %s; the median is used in the summary", what, walls);
    return byWall.get(runs.size() / 2);
  }

  /** Each pair's ratio: the initial sync's wall over the wall of the floor measured just before it. */
  static List<Double> pairRatios(List<PhaseResult> initials, List<PhaseResult> floors) {
    if (initials.size() != floors.size()) {
      throw new IllegalArgumentException(initials.size() + " initial syncs against " + floors.size() + " floors");
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < initials.size(); i++) {
      ratios.add((double) initials.get(i).wallNanos() / floors.get(i).wallNanos());
    }
    return ratios;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static PhaseResult withName(PhaseResult p, String name) {
    return new PhaseResult(name, p.users(), p.pages(), p.wallNanos(), p.counters(), p.statements(), p.commits(),
        p.dbNanos(), p.heap(), p.cpu(), p.breakdown());
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      Report.line("    !! CHECK FAILED: %s", message);
    }
  }

  private static String postgresVersion(BenchHost host) {
    return host.storage.jdbi().withHandle(h -> "PostgreSQL " + h.createQuery("show server_version").mapTo(String.class).one()
        + " (fsync=" + h.createQuery("show fsync").mapTo(String.class).one() + ")");
  }

  // ---------------------------------------------------------------- the summary

  private static void summary(BenchConfig config, Map<String, Map<String, PhaseResult>> byDatabase,
      Map<String, List<Double>> pairRatios, Map<String, String> large) {
    Report.line("");
    Report.line("==== summary: %d tenants x %,d users, %s ====", config.tenants(), config.users(),
        config.parallelism() == 1 ? "sequential" : "parallelism " + config.parallelism());
    for (Map.Entry<String, Map<String, PhaseResult>> e : byDatabase.entrySet()) {
      table(e.getKey(), e.getValue());
    }
    if (large.containsKey("large.initial.wallNanos")) {
      String label = String.format(Locale.ROOT, "%,d-user tenant", config.largeUsers());
      Report.line("");
      Report.line("  %s database, child JVM with -Xmx%s:", config.largeDatabase().key(), config.largeXmx());
      Report.line("  %-44s %10s %,10.0f %12s %11s %11s", label + ", initial",
          Report.secs(longOf(large, "large.initial.wallNanos")), doubleOf(large, "large.initial.usersPerSecond"),
          large.getOrDefault("large.initial.stmtsPerPage", "-"), Report.mib(longOf(large, "large.initial.peakUsed")),
          Report.mib(longOf(large, "large.initial.maxAfterGc")));
      if (large.containsKey("large.resync.wallNanos")) {
        Report.line("  %-44s %10s %,10.0f %12s %11s %11s", label + ", no-change full resync",
            Report.secs(longOf(large, "large.resync.wallNanos")), doubleOf(large, "large.resync.usersPerSecond"),
            large.getOrDefault("large.resync.stmtsPerPage", "-"), Report.mib(longOf(large, "large.resync.peakUsed")),
            Report.mib(longOf(large, "large.resync.maxAfterGc")));
      }
    }
    Report.line("  (stmts/page = statements + commits per page; peak heap = highest heap occupancy polled, garbage"
        + " included; live heap = largest heap occupancy right after a GC)");

    Map<String, Double> ratios = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, PhaseResult>> e : byDatabase.entrySet()) {
      ratios.putAll(ratios(e.getKey(), e.getValue(), pairRatios.get(e.getKey())));
    }

    String judged = byDatabase.containsKey("realistic") ? "realistic" : byDatabase.keySet().iterator().next();
    Map<String, PhaseResult> r = byDatabase.get(judged);
    PhaseResult initial = r.get("initial");
    Report.line("");
    Report.line("  targets, on the %s database%s (this machine: %d cores; load average now %s)", judged,
        judged.equals("realistic") ? "" : " (the targets are meant for the realistic one: entrasync.bench.database)",
        Runtime.getRuntime().availableProcessors(), Report.loadAverage());
    double overFloor = ratios.get(judged + ".overFloor");
    target("initial sync at most 2x the COPY floor", overFloor <= 2.0, String.format(Locale.ROOT,
        "%.2fx (the median of %d adjacent pairs' ratios; the median runs: %s vs %s, %.2fx)", overFloor,
        pairRatios.get(judged).size(), Report.secs(initial.wallNanos()), Report.secs(r.get("floor").wallNanos()),
        ratios.get(judged + ".mediansOverFloor")));
    PhaseResult baseline = r.get("baseline");
    if (baseline != null) {
      double faster = ratios.get(judged + ".baselineOverOurs");
      target("initial sync at least 50x faster per user than the per-user baseline", faster >= 50.0,
          String.format(Locale.ROOT, "%.1fx (%.0f us vs %.0f us per user%s)", faster, initial.microsPerUser(),
              baseline.microsPerUser(), baseline.users() < initial.users()
                  ? "; baseline on " + config.baselineTenants() + " tenants" : ""));
    } else {
      Report.line("    [skipped] per-user baseline (entrasync.bench.baseline.tenants=0)");
    }
    PhaseResult delta = r.get("noChangeDelta");
    double deltaShare = (double) delta.wallNanos() / initial.wallNanos();
    target("no-change delta resync at most 0.1x the initial sync", deltaShare <= 0.1, String.format(Locale.ROOT,
        "%.3fx (%s vs %s)", deltaShare, Report.secs(delta.wallNanos()), Report.secs(initial.wallNanos())));
    if (config.largeUsers() > 0) {
      boolean ok = "0".equals(large.get("large.exitCode")) && large.containsKey("large.initial.wallNanos");
      target(String.format(Locale.ROOT, "%,d-user tenant synced with -Xmx%s (%s database)", config.largeUsers(),
          config.largeXmx(), config.largeDatabase().key()), ok,
          ok ? String.format(Locale.ROOT, "completed in %s, created %s, max heap %s, max live after GC %s",
              Report.secs(longOf(large, "large.initial.wallNanos")), large.get("large.initial.created"),
              Report.mib(longOf(large, "large.maxHeap")), Report.mib(longOf(large, "large.initial.maxAfterGc")))
              : "child JVM exited with code " + large.get("large.exitCode"));
    }
  }

  /** The phases of one database as a table. */
  private static void table(String database, Map<String, PhaseResult> r) {
    Report.line("");
    Report.line("  %s database:", database);
    Report.line("  %-44s %10s %10s %12s %11s %11s", "phase", "wall", "users/s", "stmts/page", "peak heap", "live heap");
    for (PhaseResult p : r.values()) {
      Report.line("  %-44s %10s %,10.0f %12s %11s %11s", shortName(p.name()), Report.secs(p.wallNanos()),
          p.usersPerSecond(), p.pages() == 0 ? "-" : String.format(Locale.ROOT, "%.1f+%.1f",
              (double) p.statements() / p.pages(), (double) p.commits() / p.pages()),
          Report.mib(p.heap().peakUsed()), Report.mib(p.heap().maxAfterGc()));
    }
  }

  /** Prints the ratios of one database; returns the judged ones keyed {@code <database>.<name>}. */
  private static Map<String, Double> ratios(String database, Map<String, PhaseResult> r, List<Double> pairRatios) {
    Map<String, Double> out = new LinkedHashMap<>();
    PhaseResult initial = r.get("initial");
    PhaseResult floor = r.get("floor");
    PhaseResult baseline = r.get("baseline");
    PhaseResult listing = r.get("listing");
    Report.line("");
    Report.line("  ratios, %s database", database);
    // The judged figure: each initial sync against the floor measured just before it (a slow spell of this
    // shared machine hits both runs of a pair alike), the median of those ratios
    double pairedOverFloor = median(pairRatios);
    out.put(database + ".overFloor", pairedOverFloor);
    double oursOverFloor = (double) initial.wallNanos() / floor.wallNanos();
    out.put(database + ".mediansOverFloor", oursOverFloor);
    Report.line("    ours / floor (initial sync wall / COPY wall), median of pairs: %6.2fx", pairedOverFloor);
    Report.line("    ours / floor, median initial sync / median floor:              %6.2fx", oursOverFloor);
    if (listing != null) {
      Report.line("    emulator + HTTP listing alone (pure listing) / initial sync:   %5.0f%% of the initial sync's wall"
          + " (emulator threads: %.0f%% of the JVM's CPU during the initial sync)",
          100.0 * listing.wallNanos() / initial.wallNanos(),
          initial.cpu().jvmNanos() <= 0 ? 0.0 : 100.0 * initial.cpu().emulatorNanos() / initial.cpu().jvmNanos());
      long withoutEmulator = initial.wallNanos() - listing.wallNanos();
      Report.line("    ours without the pure listing time / floor:                    %6.2fx",
          (double) withoutEmulator / floor.wallNanos());
    }
    if (baseline != null) {
      double baselineOverOurs = baseline.microsPerUser() / initial.microsPerUser();
      out.put(database + ".baselineOverOurs", baselineOverOurs);
      Report.line("    baseline / ours (per user: %.0f us vs %.0f us per user):        %6.1fx", baseline.microsPerUser(),
          initial.microsPerUser(), baselineOverOurs);
      if (listing != null) {
        double shared = listing.microsPerUser();
        Report.line("    baseline / ours without the listing both pay (%.0f us per user): %6.1fx", shared,
            (baseline.microsPerUser() - shared) / (initial.microsPerUser() - shared));
      }
    }
    PhaseResult noChangeFull = r.get("noChangeFull");
    PhaseResult noChangeDelta = r.get("noChangeDelta");
    Report.line("    no-change resync / initial sync: full listing %.2fx, delta %.3fx",
        (double) noChangeFull.wallNanos() / initial.wallNanos(), (double) noChangeDelta.wallNanos() / initial.wallNanos());
    Report.line("    resync after changes / initial sync: full listing %.2fx, delta %.3fx",
        (double) r.get("changedFull").wallNanos() / initial.wallNanos(),
        (double) r.get("changedDelta").wallNanos() / initial.wallNanos());
    return out;
  }

  private static String shortName(String name) {
    int cut = name.indexOf(" (");
    String s = cut > 0 && !name.startsWith("resync") ? name.substring(0, cut) : name;
    if (name.startsWith("per-user BASELINE")) {
      s = "per-user baseline (" + name.substring(name.indexOf(" on ") + 4, name.indexOf(" of the")) + " tenants)";
    } else if (name.startsWith("resync after another")) {
      s = "resync after 1% changed, delta";
    } else if (name.startsWith("resync after")) {
      s = "resync after 1% changed, full listing";
    } else if (name.startsWith("pure Graph listing")) {
      s = "pure Graph listing (emulator + HTTP)";
    }
    return s.length() > 44 ? s.substring(0, 44) : s;
  }

  private static void target(String what, boolean met, String detail) {
    Report.line("    [%s] %s: %s", met ? "MET" : "NOT MET", what, detail);
  }

  private static long longOf(Map<String, String> m, String key) {
    String v = m.get(key);
    return v == null ? -1 : Long.parseLong(v);
  }

  private static double doubleOf(Map<String, String> m, String key) {
    String v = m.get(key);
    return v == null ? 0 : Double.parseDouble(v);
  }

  // ---------------------------------------------------------------- the large tenant

  /** Runs {@code SyncBenchmark large} in a child JVM with {@code -Xmx<large.xmx>}; relays its output. */
  private static Map<String, String> runLargeChild(BenchConfig config) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + config.largeXmx());
    command.addAll(BenchConfig.propagatedProperties());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SyncBenchmark.class.getName());
    command.add("large");
    Report.line("");
    Report.line("(6) one tenant of %,d users in a child JVM: java -Xmx%s ... %s large", config.largeUsers(),
        config.largeXmx(), SyncBenchmark.class.getSimpleName());
    Map<String, String> results = new LinkedHashMap<>();
    boolean classpathChanged = runChild(command, results);
    if (classpathChanged) {
      // Another build replaced a jar or cleaned target/ while the child started: not a result; once more.
      Report.line("  (the child JVM could not load its classes: the classpath changed under it; starting it once more)");
      results.clear();
      runChild(command, results);
    }
    return results;
  }

  /** Runs the child, relays its output, collects its RESULT lines; true when it died loading classes. */
  private static boolean runChild(List<String> command, Map<String, String> results) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean classLoading = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(RESULT)) {
          String kv = line.substring(RESULT.length());
          int eq = kv.indexOf('=');
          results.put(kv.substring(0, eq), kv.substring(eq + 1));
        } else {
          System.out.println("  | " + line);
          classLoading |= line.contains("NoClassDefFoundError") || line.contains("ClassNotFoundException")
              || line.contains("java.util.zip.ZipException");
        }
      }
    }
    int code = child.waitFor();
    results.put("large.exitCode", Integer.toString(code));
    return code != 0 && classLoading && !results.containsKey("large.initial.wallNanos");
  }

  /** The child: one large tenant, initial sync then a no-change full resync, in this (small) heap. */
  private static void runLarge(BenchConfig config) {
    Report.line("JVM max heap %s (Runtime.maxMemory), %d cores, load average %s; database %s",
        Report.mib(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors(), Report.loadAverage(),
        config.largeDatabase().describe());
    result("large.maxHeap", Runtime.getRuntime().maxMemory());
    long setupStart = System.nanoTime();
    try (BenchHost host = new BenchHost(config.largeDatabase(), "bench_large", 1, config.largeUsers(), 500)) {
      Report.line("setup (not measured, emulator + embedded PostgreSQL + discovery in this JVM): %s",
          Report.secs(System.nanoTime() - setupStart));
      SyncPhases phases = new SyncPhases(host, 1, config.analyze());
      PhaseResult initial = phases.sync("initial sync of one " + String.format(Locale.ROOT, "%,d", config.largeUsers())
          + "-user tenant (full listing)", host.tenants);
      Report.phase("6a", initial, true);
      Report.line("    database after: %,d contacts, %,d links", host.count("psa_contacts"), host.count("entra_contact_links"));
      report("large.initial", initial);
      phases.forceFullListing(host.tenants);
      PhaseResult resync = phases.sync("no-change full resync of the same tenant", host.tenants);
      Report.phase("6b", resync, true);
      report("large.resync", resync);
    }
  }

  private static void report(String prefix, PhaseResult p) {
    result(prefix + ".wallNanos", p.wallNanos());
    result(prefix + ".users", p.users());
    result(prefix + ".usersPerSecond", String.format(Locale.ROOT, "%.1f", p.usersPerSecond()));
    result(prefix + ".peakUsed", p.heap().peakUsed());
    result(prefix + ".maxAfterGc", p.heap().maxAfterGc());
    result(prefix + ".created", p.counters().created());
    result(prefix + ".stmtsPerPage", p.pages() == 0 ? "-" : String.format(Locale.ROOT, "%.1f+%.1f",
        (double) p.statements() / p.pages(), (double) p.commits() / p.pages()));
  }

  private static void result(String key, Object value) {
    System.out.println(RESULT + key + "=" + value);
  }
}
