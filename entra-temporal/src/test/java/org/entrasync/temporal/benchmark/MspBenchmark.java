package org.entrasync.temporal.benchmark;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.temporal.EntraTemporalConfig;

/**
 * The MSP-scale suite ({@code -Dentrasync.bench.suite=msp}): an MSP of {@code entrasync.bench.msp.tenants}
 * (default 1,000) customer tenants of {@code entrasync.bench.msp.users} (default 20) users, synced
 * through the library's real workflows on the in-process Temporal server ({@link MspBenchHost}), the
 * Graph/identity emulator answering every Graph request after {@code entrasync.bench.msp.latency.graph.ms}
 * (50) and every token request after {@code entrasync.bench.msp.latency.token.ms} (150), embedded
 * PostgreSQL. For each fan-out window of {@code entrasync.bench.msp.windows} (default: the library's
 * default window) it measures discovery through the discovery workflow, confirms the auto-matches,
 * then "Sync All Tenants Now" twice: the initial sync and a no-change delta resync, each after the
 * Graph adapter's clock moved 2 h on (so the access tokens cached by the run before have expired).
 *
 * <p>Then two checks at other sizes: the parent workflow's history with {@code
 * entrasync.bench.msp.history.tenants} (10,000) tenants of 1 user and zero latency, and discovery of
 * {@code entrasync.bench.msp.discovery.customers} (2,000) customers with every {@code
 * entrasync.bench.msp.discovery.throttle.every}-th (10th) Graph request throttled (0 skips either).
 * It prints the figures and the targets, {@code [MET]} or {@code [NOT MET]}.
 */
final class MspBenchmark {
  private static final Duration WAIT = Duration.ofHours(2);
  /** Time passing between two runs, for the adapter's token cache (access tokens live about an hour). */
  private static final Duration BETWEEN_RUNS = Duration.ofHours(2);
  private static final double FLOOR_TARGET = 1.5;
  private static final int HISTORY_TARGET = 10_000;
  /** Issue 17: what a tenant that changed nothing may cost the database. */
  private static final int DELTA_STATEMENTS_TARGET = 5;
  private static final int DELTA_COMMITS_TARGET = 1;
  private static final List<String> BOOKKEEPING = List.of("BeginRun", "TenantStarted", "TenantFinished", "FinishRun");

  private MspBenchmark() {}

  /** The suite's knobs. */
  record Settings(int tenants, int users, Duration graphLatency, Duration tokenLatency, List<Integer> windows,
      int historyTenants, int discoveryCustomers, int throttleEvery, int warmupTenants) {

    static Settings fromSystemProperties() {
      List<Integer> windows = new ArrayList<>();
      String list = System.getProperty(BenchConfig.PREFIX + "msp.windows", "");
      for (String w : list.split(",")) {
        if (!w.isBlank()) {
          windows.add(Integer.parseInt(w.strip()));
        }
      }
      if (windows.isEmpty()) {
        windows.add(EntraTemporalConfig.DEFAULTS.fanOutWindow());
      }
      Settings s = new Settings(BenchConfig.intProperty("msp.tenants", 1_000), BenchConfig.intProperty("msp.users", 20),
          Duration.ofMillis(BenchConfig.intProperty("msp.latency.graph.ms", 50)),
          Duration.ofMillis(BenchConfig.intProperty("msp.latency.token.ms", 150)), List.copyOf(windows),
          BenchConfig.intProperty("msp.history.tenants", 10_000), BenchConfig.intProperty("msp.discovery.customers", 2_000),
          BenchConfig.intProperty("msp.discovery.throttle.every", 10), BenchConfig.intProperty("msp.warmup.tenants", 300));
      if (s.tenants < 1 || s.users < 1 || s.historyTenants < 0 || s.discoveryCustomers < 0 || s.throttleEvery < 2
          || s.warmupTenants < 0) {
        throw new IllegalArgumentException("entrasync.bench.msp.tenants and .users must be at least 1, .history.tenants"
            + ", .discovery.customers and .warmup.tenants at least 0, .discovery.throttle.every at least 2");
      }
      return s;
    }
  }

  static void run() {
    Settings s = Settings.fromSystemProperties();
    int defaultWindow = EntraTemporalConfig.DEFAULTS.fanOutWindow();
    Report.line("entrasync MSP-scale benchmark");
    Report.line("  machine: %d cores, JVM max heap %s, Java %s, load average at start %s",
        Runtime.getRuntime().availableProcessors(), Report.mib(Runtime.getRuntime().maxMemory()),
        System.getProperty("java.version"), Report.loadAverage());
    Report.line("  MSP: %,d customer tenants x %d users; injected latency: Graph %d ms, token endpoint %d ms; fan-out"
        + " windows %s (library default %d)", s.tenants, s.users, s.graphLatency.toMillis(), s.tokenLatency.toMillis(),
        s.windows, defaultWindow);
    Report.line("  real workflows on temporal-testing's in-process server (time skipping off), worker registered with"
        + " EntraWorkers.register; Graph adapter over HTTP to the emulator (MockWebServer, in this JVM); the jdbi"
        + " test-jar's embedded PostgreSQL (fsync=off, synchronous_commit=off; loopback TCP)");

    if (s.warmupTenants > 0) {
      warmUp(s);
    }
    Map<Integer, SyncFigures[]> byWindow = new LinkedHashMap<>();
    for (int window : s.windows) {
      byWindow.put(window, runWindow(s, window));
    }
    HistoryCheck history = s.historyTenants > 0 ? historyCheck(s, defaultWindow) : null;
    DiscoveryCheck discovery = s.discoveryCustomers > 0 ? throttledDiscovery(s) : null;

    Report.line("");
    Report.line("==== summary: %,d tenants x %d users, Graph %d ms, token %d ms ====", s.tenants, s.users,
        s.graphLatency.toMillis(), s.tokenLatency.toMillis());
    Report.line("  %-8s %-8s %10s %10s %7s %10s %12s %14s %12s %10s", "window", "run", "wall", "floor", "ratio",
        "req/tenant", "stmts/tenant", "bookkeeping/t", "history max", "peak heap");
    for (Map.Entry<Integer, SyncFigures[]> e : byWindow.entrySet()) {
      for (SyncFigures f : e.getValue()) {
        if (f == null) {
          continue;
        }
        Report.line("  %-8d %-8s %10s %10s %6.2fx %10.1f %12s %11.1f ms %12s %10s", e.getKey(), f.name,
            Report.secs(f.wallNanos), Report.secs(f.floorNanos()), f.ratio(), f.requestsPerTenant(),
            String.format(Locale.ROOT, "%.1f+%.1f", f.perTenant(f.statements), f.perTenant(f.commits)),
            f.bookkeepingMillisPerTenant(), String.format(Locale.ROOT, "%,d", f.maxHistory), Report.mib(f.heapPeak));
      }
    }

    Report.line("");
    Report.line("  targets (this machine: %d cores; load average now %s)", Runtime.getRuntime().availableProcessors(),
        Report.loadAverage());
    SyncFigures[] atDefault = byWindow.get(defaultWindow);
    if (atDefault == null) {
      Report.line("    [skipped] sync wall time vs the latency floor: the default window %d was not among %s",
          defaultWindow, s.windows);
    } else {
      for (SyncFigures f : atDefault) {
        target(String.format(Locale.ROOT, "all-tenants sync (%s) at most %.1fx the latency floor at the default window"
            + " %d", f.name, FLOOR_TARGET, defaultWindow), f.ratio() <= FLOOR_TARGET,
            String.format(Locale.ROOT, "%.2fx (%s wall, floor %s)", f.ratio(), Report.secs(f.wallNanos),
                Report.secs(f.floorNanos())));
      }
    }
    for (Map.Entry<Integer, SyncFigures[]> e : byWindow.entrySet()) {
      SyncFigures d = e.getValue()[1];
      if (d == null) {
        continue;
      }
      // A write outside a transaction is its own commit: counted with the explicit ones. Compared as
      // printed (one decimal): the run's own few statements (open, close) are spread over its tenants.
      double statements = d.perTenant(d.statements);
      double commits = d.perTenant(d.commits + d.autocommitWrites);
      target(String.format(Locale.ROOT, "no-change delta tenant <= %d statements + %d commit (window %d)",
          DELTA_STATEMENTS_TARGET, DELTA_COMMITS_TARGET, e.getKey()),
          tenths(statements) <= DELTA_STATEMENTS_TARGET && tenths(commits) <= DELTA_COMMITS_TARGET,
          String.format(Locale.ROOT, "%.1f statements + %.1f commits per tenant (%.1f explicit, %.1f writes outside a"
              + " transaction; the run's own included)", statements, commits, d.perTenant(d.commits),
              d.perTenant(d.autocommitWrites)));
    }
    if (history != null) {
      target(String.format(Locale.ROOT, "the parent's history under %,d events for %,d tenants", HISTORY_TARGET,
          s.historyTenants), history.figures.maxHistory < HISTORY_TARGET,
          String.format(Locale.ROOT, "at most %,d events per execution over %d executions (%,d events in all; %s wall)",
              history.figures.maxHistory, history.figures.executions, history.figures.totalHistory,
              Report.secs(history.figures.wallNanos)));
    } else {
      Report.line("    [skipped] the parent's history (entrasync.bench.msp.history.tenants=0)");
    }
    if (discovery != null) {
      boolean ok = discovery.status == RunStatus.COMPLETED && discovery.attempts == 1
          && discovery.listed == s.discoveryCustomers;
      target(String.format(Locale.ROOT, "discovery of %,d customers in one attempt with every %d%s Graph request"
          + " throttled", s.discoveryCustomers, s.throttleEvery, ordinal(s.throttleEvery)), ok,
          String.format(Locale.ROOT, "%s, attempt %d, %,d customers listed (%,d without a domain), %,d answers were 429,"
              + " %s", discovery.status, discovery.attempts, discovery.listed, discovery.withoutDomain,
              discovery.throttled, Report.secs(discovery.wallNanos)));
    } else {
      Report.line("    [skipped] throttled discovery (entrasync.bench.msp.discovery.customers=0)");
    }
  }

  // ---------------------------------------------------------------- one window

  private static SyncFigures[] runWindow(Settings s, int window) {
    Report.line("");
    Report.line("==== fan-out window %d ====", window);
    long setupStart = System.nanoTime();
    try (MspBenchHost host = new MspBenchHost("bench_msp_w" + window, window, s.graphLatency, s.tokenLatency)) {
      host.addCustomers(100_000, s.tenants, s.users);
      host.connect();
      Report.line("  setup (not measured): database, migrations, %,d emulated customers, %,d clients, sign-in: %s",
          s.tenants, s.tenants, Report.secs(System.nanoTime() - setupStart));

      host.graph.clearRequests();
      long start = System.nanoTime();
      LaunchedRun discovery = host.entra.discoverTenants(host.admin);
      Optional<RunStatus> discovered = host.entra.awaitRun(host.admin, discovery, WAIT);
      long discoveryNanos = System.nanoTime() - start;
      List<GraphEmulator.Call> calls = host.graph.requests();
      long sequential = sequentialLatency(calls, s).values().stream().mapToLong(Long::longValue).sum();
      Report.line("");
      Report.line("(D) discovery workflow: %s, %s, %,d tenants recorded | %,d requests (%.1f per customer) | latency"
          + " floor at the adapter's %d discovery threads %s (ratio %.2fx) | load average %s", discovered.orElse(null),
          Report.secs(discoveryNanos), host.entra.listTenants(host.admin).size(), calls.size(),
          (double) calls.size() / s.tenants, DISCOVERY_THREADS, Report.secs(sequential / DISCOVERY_THREADS),
          (double) discoveryNanos / (sequential / DISCOVERY_THREADS), Report.loadAverage());

      start = System.nanoTime();
      var confirmed = host.entra.confirmMappings(host.admin, List.of(), true, false);
      Report.line("(M) confirm with all auto-matches (not a run): %,d decisions in %s", confirmed.saved().size(),
          Report.secs(System.nanoTime() - start));

      SyncFigures initial = measureSync(host, s, window, "initial");
      printSync("S1", "all-tenants sync, initial (every contact created)", initial, s);
      expect(initial.run != null && initial.run.counters().created() == (long) s.tenants * s.users,
          "the initial sync created " + (initial.run == null ? "?" : initial.run.counters().created()) + " contacts; expected "
              + (long) s.tenants * s.users);
      SyncFigures delta = measureSync(host, s, window, "delta");
      printSync("S2", "all-tenants sync, no-change delta resync", delta, s);
      expect(delta.run != null && delta.run.counters().created() + delta.run.counters().updated() == 0,
          "the no-change resync created or updated contacts");
      return new SyncFigures[] {initial, delta};
    }
  }

  /**
   * Discovery, confirm and two all-tenants syncs on a scratch MSP, unmeasured: on 2 cores the JIT
   * compiler otherwise spends seconds of the first measured run compiling Temporal's, gRPC's and the
   * library's code paths.
   */
  private static void warmUp(Settings s) {
    long start = System.nanoTime();
    int window = s.windows.get(0);
    // Zero latency: the same code paths, compiled sooner.
    try (MspBenchHost host = new MspBenchHost("bench_msp_warmup", window, Duration.ZERO, Duration.ZERO)) {
      host.addCustomers(900_000, s.warmupTenants, s.users);
      host.connect();
      host.entra.awaitRun(host.admin, host.entra.discoverTenants(host.admin), WAIT);
      host.entra.confirmMappings(host.admin, List.of(), true, false);
      for (int i = 0; i < 2; i++) {
        host.adapterClock.advance(BETWEEN_RUNS);
        host.entra.awaitRun(host.admin, host.entra.syncAllTenants(host.admin), WAIT);
      }
    }
    Report.line("  warm-up (not measured): discovery, confirm, initial and delta sync of a scratch MSP of %d tenants x %d"
        + " users at window %d, zero latency, in %s (entrasync.bench.msp.warmup.tenants)", s.warmupTenants, s.users, window,
        Report.secs(System.nanoTime() - start));
  }

  /** The adapter enriches customers on this many threads (GraphConnectionConfig's default). */
  private static final int DISCOVERY_THREADS = 4;

  /** One "Sync All Tenants Now", measured from the start call to the workflow's result. */
  private static SyncFigures measureSync(MspBenchHost host, Settings s, int window, String name) {
    host.adapterClock.advance(BETWEEN_RUNS);
    host.graph.clearRequests();
    host.counter.reset();
    host.timed.reset();
    host.activities.reset();
    HeapMeter heap = HeapMeter.start();
    CpuMeter.Running cpu = host.cpu.start();
    ThreadCpu threads = ThreadCpu.start();
    long start = System.nanoTime();
    LaunchedRun run = host.entra.syncAllTenants(host.admin);
    Optional<RunStatus> status = host.entra.awaitRun(host.admin, run, WAIT);
    long wall = System.nanoTime() - start;
    Map<String, Long> byThread = threads.stop();
    CpuMeter.Cpu used = cpu.stop();
    HeapMeter.Peak peak = heap.stop();

    SyncFigures f = new SyncFigures(name, window, host.customers.size(), wall);
    f.status = status.orElse(null);
    f.run = host.entra.run(host.admin, run.runId()).orElse(null);
    f.calls = host.graph.requests();
    f.sequential = sequentialLatency(f.calls, s);
    f.statements = host.counter.statements();
    f.commits = host.counter.commits();
    f.autocommitWrites = host.timed.autocommitWrites();
    f.breakdown = host.timed.breakdown();
    f.activities = host.activities.lines();
    f.heapPeak = peak.peakUsed();
    f.heapLive = peak.maxAfterGc();
    f.cpu = used;
    f.byThread = byThread;
    f.load = Report.loadAverage();
    history(host.temporal.getWorkflowClient(), run, f);
    return f;
  }

  /**
   * What each tenant's requests cost one after another: every request of a tenant waits for the
   * one before it (a token, then the delta link of now, then the pages), so each adds its injected
   * latency. Keyed by tenant ("partner" for the partner's own).
   */
  private static Map<String, Long> sequentialLatency(List<GraphEmulator.Call> calls, Settings s) {
    Map<String, Long> out = new HashMap<>();
    for (GraphEmulator.Call c : calls) {
      long latency = c.isToken() ? s.tokenLatency.toNanos() : c.isGraph() ? s.graphLatency.toNanos() : 0;
      String tenant = c.tenant() == null || c.tenant().equals("organizations") ? "partner" : c.tenant();
      out.merge(tenant, latency, Long::sum);
    }
    return out;
  }

  /** The run's executions (it continues as new past its history bound): count, longest, all events. */
  private static void history(WorkflowClient client, LaunchedRun run, SyncFigures f) {
    String runId = run.runId();
    while (runId != null) {
      WorkflowExecutionHistory h = client.fetchHistory(run.workflowId(), runId);
      int events = h.getHistory().getEventsCount();
      f.executions++;
      f.totalHistory += events;
      f.maxHistory = Math.max(f.maxHistory, events);
      HistoryEvent last = h.getLastEvent();
      runId = last.hasWorkflowExecutionContinuedAsNewEventAttributes()
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
    }
  }

  private static void printSync(String number, String title, SyncFigures f, Settings s) {
    Report.line("");
    Report.line("(%s) %s, window %d: %s, %s | load average %s", number, title, f.window, f.status, Report.secs(f.wallNanos),
        f.load);
    if (f.run != null) {
      Report.line("    run: %s, %d/%d tenants, %s", f.run.status().wireName(), f.run.processedTenants(),
          f.run.totalTenants(), Report.counters(f.run.counters()));
    }
    long tokens = f.calls.stream().filter(GraphEmulator.Call::isToken).count();
    long graph = f.calls.stream().filter(GraphEmulator.Call::isGraph).count();
    long throttled = f.calls.stream().filter(c -> c.status() == 429).count();
    long customerSequential = f.sequential.entrySet().stream().filter(e -> !e.getKey().equals("partner"))
        .mapToLong(Map.Entry::getValue).sum();
    Report.line("    requests: %,d = %.2f per tenant (token %.2f, Graph %.2f; %,d throttled); per tenant one after another:"
        + " %.0f ms of injected latency", f.calls.size(), f.requestsPerTenant(), (double) tokens / f.tenants,
        (double) graph / f.tenants, throttled, customerSequential / 1e6 / f.tenants);
    Report.line("    latency floor: %s (sum over tenants of their sequential latency, %s, / window %d); wall / floor"
        + " %.2fx", Report.secs(f.floorNanos()), Report.secs(f.sequentialTotal()), f.window, f.ratio());
    Report.line("    database: %,d statements + %,d commits = %.1f + %.1f per tenant (%,d writes outside a transaction ="
        + " %.1f per tenant, each its own commit)", f.statements, f.commits, f.perTenant(f.statements),
        f.perTenant(f.commits), f.autocommitWrites, f.perTenant(f.autocommitWrites));
    long runStatements = 0;
    long runNanos = 0;
    for (TimedDataSource.Line l : f.breakdown) {
      if (l.label().startsWith("run: ")) {
        runStatements += l.calls();
        runNanos += l.nanos();
      }
    }
    Report.line("      of which run bookkeeping (entra_sync_runs, entra_sync_run_tenants): %.1f statements per tenant,"
        + " %.2f ms per tenant inside JDBC", f.perTenant(runStatements), runNanos / 1e6 / f.tenants);
    Report.line("      per statement kind (calls per tenant, mean / slowest ms):");
    for (TimedDataSource.Line l : f.breakdown) {
      Report.line("        %-44s %6.2f x %7.2f ms, max %8.2f ms", l.label(), (double) l.calls() / f.tenants,
          l.nanos() / 1e6 / Math.max(1, l.calls()), l.maxNanos() / 1e6);
    }
    Report.line("    activities (calls, mean / median / slowest wall, CPU of the activity thread per call):");
    for (ActivityTimer.Line a : f.activities) {
      Report.line("        %-16s %,7d x %7.2f ms, median %7.2f, max %8.2f ms, CPU %6.2f ms", a.type(), a.calls(),
          a.meanMillis(), a.medianNanos() / 1e6, a.maxNanos() / 1e6, a.cpuNanos() / 1e6 / Math.max(1, a.calls()));
    }
    Report.line("    bookkeeping: %.2f ms per tenant in the bookkeeping activities (%s), wall", f.bookkeepingMillisPerTenant(),
        String.join(", ", BOOKKEEPING));
    Report.line("    parent workflow history: %d execution%s, at most %,d events each, %,d in all (%.1f per tenant)",
        f.executions, f.executions == 1 ? "" : "s", f.maxHistory, f.totalHistory, (double) f.totalHistory / f.tenants);
    Report.line("    heap: peak used %s, max live after GC %s", Report.mib(f.heapPeak),
        f.heapLive < 0 ? "n/a (no GC)" : Report.mib(f.heapLive));
    Report.line("    CPU: JVM %s (%.1f ms per tenant; JIT compiler %s, GC %s), PostgreSQL server %s (%.1f ms per tenant);"
        + " %.0f%% of the 2 cores' time over the wall", Report.secs(f.cpu.jvmNanos()), f.cpu.jvmNanos() / 1e6 / f.tenants,
        Report.secs(f.cpu.jitNanos()), Report.secs(f.cpu.gcNanos()), Report.secs(f.cpu.postgresNanos()),
        f.cpu.postgresNanos() / 1e6 / f.tenants, 100.0 * (f.cpu.jvmNanos() + Math.max(0, f.cpu.postgresNanos()))
            / (2.0 * f.wallNanos));
    Report.line("      JVM threads by kind:");
    for (Map.Entry<String, Long> e : f.byThread.entrySet()) {
      if (e.getValue() >= f.cpu.jvmNanos() / 200) {
        Report.line("        %-80s %9s (%.2f ms per tenant)", e.getKey(), Report.secs(e.getValue()),
            e.getValue() / 1e6 / f.tenants);
      }
    }
  }

  // ---------------------------------------------------------------- the parent's history at 10,000 tenants

  private record HistoryCheck(SyncFigures figures) {}

  private static HistoryCheck historyCheck(Settings s, int window) {
    Report.line("");
    Report.line("==== the parent's history: %,d tenants x 1 user, zero latency, window %d ====", s.historyTenants, window);
    long setupStart = System.nanoTime();
    try (MspBenchHost host = new MspBenchHost("bench_msp_history", window, Duration.ZERO, Duration.ZERO)) {
      host.addCustomers(300_000, s.historyTenants, 1);
      host.connect();
      host.work.discover(MspBenchHost.MSP);
      host.entra.confirmMappings(host.admin, List.of(), true, false);
      Report.line("  setup (not measured; discovery called directly, not through its workflow): %s",
          Report.secs(System.nanoTime() - setupStart));
      Settings zero = new Settings(s.historyTenants, 1, Duration.ZERO, Duration.ZERO, List.of(window), 0, 0, s.throttleEvery, 0);
      SyncFigures f = measureSync(host, zero, window, "initial");
      Report.line("(H) all-tenants sync of %,d tenants: %s, %s, %d/%d tenants | parent history: %d execution(s), at most"
          + " %,d events each, %,d in all (%.1f per tenant; one history would hold them all) | %.1f statements + %.1f"
          + " commits per tenant | peak heap %s | load average %s", s.historyTenants, f.status, Report.secs(f.wallNanos),
          f.run == null ? 0 : f.run.processedTenants(), f.run == null ? 0 : f.run.totalTenants(), f.executions,
          f.maxHistory, f.totalHistory, (double) f.totalHistory / f.tenants, f.perTenant(f.statements),
          f.perTenant(f.commits), Report.mib(f.heapPeak), f.load);
      return new HistoryCheck(f);
    }
  }

  // ---------------------------------------------------------------- discovery under throttling

  private record DiscoveryCheck(RunStatus status, int attempts, int listed, int withoutDomain, long throttled,
      long wallNanos) {}

  private static DiscoveryCheck throttledDiscovery(Settings s) {
    Report.line("");
    Report.line("==== discovery of %,d customers, every %d%s Graph request throttled (Retry-After 1 s) ====",
        s.discoveryCustomers, s.throttleEvery, ordinal(s.throttleEvery));
    try (MspBenchHost host = new MspBenchHost("bench_msp_discovery", EntraTemporalConfig.DEFAULTS.fanOutWindow(),
        s.graphLatency, s.tokenLatency)) {
      host.addCustomers(600_000, s.discoveryCustomers, 1);
      host.connect();
      host.graph.clearRequests();
      host.graph.throttleGraphEvery(s.throttleEvery);
      long start = System.nanoTime();
      LaunchedRun run = host.entra.discoverTenants(host.admin);
      RunStatus status = host.entra.awaitRun(host.admin, run, WAIT).orElse(null);
      long wall = System.nanoTime() - start;
      List<ManagedTenant> tenants = host.entra.listTenants(host.admin);
      int withoutDomain = (int) tenants.stream().filter(t -> t.primaryDomain() == null).count();
      long throttled = host.graph.requests().stream().filter(c -> c.status() == 429).count();
      int attempts = 0;
      for (HistoryEvent e : host.temporal.getWorkflowClient().fetchHistory(run.workflowId(), run.runId()).getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
          attempts = Math.max(attempts, e.getActivityTaskStartedEventAttributes().getAttempt());
        }
      }
      Report.line("(T) %s in %s; discovery activity attempt %d; %,d customers listed, %,d without a domain; %,d requests,"
          + " %,d answered 429 | load average %s", status, Report.secs(wall), attempts, tenants.size(), withoutDomain,
          host.graph.requests().size(), throttled, Report.loadAverage());
      return new DiscoveryCheck(status, attempts, tenants.size(), withoutDomain, throttled, wall);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The figures of one measured all-tenants sync. */
  static final class SyncFigures {
    final String name;
    final int window;
    final int tenants;
    final long wallNanos;
    RunStatus status;
    SyncRun run;
    List<GraphEmulator.Call> calls = List.of();
    Map<String, Long> sequential = Map.of();
    long statements;
    long commits;
    long autocommitWrites;
    List<TimedDataSource.Line> breakdown = List.of();
    List<ActivityTimer.Line> activities = List.of();
    long heapPeak;
    long heapLive;
    CpuMeter.Cpu cpu;
    Map<String, Long> byThread = Map.of();
    String load;
    int executions;
    int maxHistory;
    long totalHistory;

    SyncFigures(String name, int window, int tenants, long wallNanos) {
      this.name = name;
      this.window = window;
      this.tenants = tenants;
      this.wallNanos = wallNanos;
    }

    long sequentialTotal() {
      return sequential.values().stream().mapToLong(Long::longValue).sum();
    }

    long floorNanos() {
      return sequentialTotal() / window;
    }

    double ratio() {
      return floorNanos() == 0 ? Double.NaN : (double) wallNanos / floorNanos();
    }

    double requestsPerTenant() {
      return (double) calls.size() / tenants;
    }

    double perTenant(long n) {
      return (double) n / tenants;
    }

    double bookkeepingMillisPerTenant() {
      long nanos = 0;
      for (ActivityTimer.Line a : activities) {
        if (BOOKKEEPING.contains(a.type())) {
          nanos += a.nanos();
        }
      }
      return nanos / 1e6 / tenants;
    }
  }

  private static String ordinal(int n) {
    return n % 10 == 1 && n % 100 != 11 ? "st" : n % 10 == 2 && n % 100 != 12 ? "nd"
        : n % 10 == 3 && n % 100 != 13 ? "rd" : "th";
  }

  private static double tenths(double x) {
    return Math.round(x * 10) / 10.0;
  }

  private static void target(String what, boolean met, String detail) {
    Report.line("    [%s] %s: %s", met ? "MET" : "NOT MET", what, detail);
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      Report.line("    !! CHECK FAILED: %s", message);
    }
  }
}
