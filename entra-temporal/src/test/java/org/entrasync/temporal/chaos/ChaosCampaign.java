package org.entrasync.temporal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.example.ExampleHost;

/**
 * Plays seeded histories on the real stack and judges each: the invariants after every step, and
 * convergence (the end state after faults are cleared and one more sync runs equals the same history
 * played without faults, contacts and links field by field). One stack per writer path for the
 * whole campaign (embedded PostgreSQL and the Temporal test server are started once), a fresh MSP
 * tenant per play. Even seeds write pages through the reference host's one-transaction writer, odd
 * seeds through the host contact directory port (where a host write can fail mid-page).
 *
 * <p>{@code mvn -B -q -pl entra-temporal -am verify -Pchaos -DskipTests -Dentrasync.chaos.runs=M
 * [-Dentrasync.chaos.seed=N]}: seeds N, N+1, ...; the last line is {@code chaos: M histories, V
 * violations, C converged}; a failing history is printed with its seed, shrunk by dropping steps.
 */
public final class ChaosCampaign implements AutoCloseable {
  /** How soon a killed worker's activity is noticed; a CIPP answer held 4 s must still be waited for. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  private static final AtomicInteger PLAYS = new AtomicInteger();

  private final LogCapture logs;
  private final PrintStream out;
  private final ExampleHost[] hosts = new ExampleHost[2];

  ChaosCampaign(boolean echoLogs) {
    this.logs = new LogCapture(echoLogs);
    // every line of the campaign on one stream (stdout), so none interleaves with another; logs go to stderr
    this.out = System.out;
  }

  /** A history's verdict. */
  record Verdict(long seed, JsonNode history, List<String> violations, List<String> divergence, List<String> notes,
      double seconds) {
    boolean violated() {
      return !violations.isEmpty();
    }

    boolean converged() {
      return divergence.isEmpty();
    }

    boolean failed() {
      return violated() || !converged();
    }
  }

  Verdict run(long seed) {
    return judge(seed, ChaosHistory.generate(seed));
  }

  /** Plays a history with and without its faults and compares. */
  Verdict judge(long seed, JsonNode history) {
    long start = System.nanoTime();
    ExampleHost host = host(Math.floorMod(seed, 2) == 1);
    ChaosPlayer player = new ChaosPlayer(host, logs);
    ChaosPlayer.Outcome reference = player.play(ChaosHistory.withoutFaults(history), freshMsp(seed));
    ChaosPlayer.Outcome chaos = player.play(history, freshMsp(seed));
    List<String> violations = new ArrayList<>(chaos.violations());
    reference.violations().forEach(v -> violations.add("(without faults) " + v));
    List<String> divergence = diff(reference.endState(), chaos.endState());
    return new Verdict(seed, history, violations, divergence, chaos.notes(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * The shortest history found that still fails, by dropping one step at a time (a step whose removal
   * keeps the failure stays removed) until no single step can go or the budget is spent.
   */
  Verdict shrink(Verdict failing, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    Verdict best = failing;
    boolean progress = true;
    while (progress && System.nanoTime() < deadline) {
      progress = false;
      JsonNode steps = best.history().path("steps");
      for (int i = steps.size() - 1; i >= 0 && System.nanoTime() < deadline; i--) {
        ObjectNode candidate = best.history().deepCopy();
        ((ArrayNode) candidate.path("steps")).remove(i);
        Verdict v = judge(failing.seed(), candidate);
        if (v.failed() && sameKind(failing, v)) {
          best = v;
          progress = true;
          out.printf(Locale.ROOT, "chaos: seed %d shrunk to %d steps%n", failing.seed(), candidate.path("steps").size());
        }
      }
    }
    return best;
  }

  private static boolean sameKind(Verdict a, Verdict b) {
    return a.violated() == b.violated() || (!a.converged() && !b.converged());
  }

  void report(Verdict v) {
    if (!v.failed()) {
      out.printf(Locale.ROOT, "chaos: seed %d passed in %.1f s (%d steps; refused steps and runs not completed: %s)%n",
          v.seed(), v.seconds(),
          v.history().path("steps").size(), v.notes());
      return;
    }
    out.printf(Locale.ROOT, "chaos: seed %d FAILED in %.1f s%n", v.seed(), v.seconds());
    v.violations().forEach(x -> out.println("  violation: " + x));
    v.divergence().forEach(x -> out.println("  divergence: " + x));
    out.println("  history: " + v.history());
  }

  private ExampleHost host(boolean portWriter) {
    int i = portWriter ? 1 : 0;
    if (hosts[i] == null) {
      hosts[i] = ExampleHost.forChaos(portWriter, HEARTBEAT_TIMEOUT, ChaosHistory.KILL_WORKER);
    }
    return hosts[i];
  }

  private static MspTenantId freshMsp(long seed) {
    return MspTenantId.of("chaos-" + Long.toUnsignedString(seed) + "-" + PLAYS.incrementAndGet());
  }

  private static List<String> diff(List<String> expected, List<String> actual) {
    List<String> lines = new ArrayList<>();
    Set<String> a = new LinkedHashSet<>(actual);
    Set<String> e = new LinkedHashSet<>(expected);
    expected.stream().filter(x -> !a.contains(x)).forEach(x -> lines.add("without faults: " + x));
    actual.stream().filter(x -> !e.contains(x)).forEach(x -> lines.add("with faults:    " + x));
    return lines;
  }

  @Override
  public void close() {
    for (ExampleHost h : hosts) {
      if (h != null) {
        h.close();
      }
    }
    logs.close();
  }

  /** The campaign: {@code -Dentrasync.chaos.runs=M -Dentrasync.chaos.seed=N}. */
  public static void main(String[] args) {
    int runs = Integer.getInteger("entrasync.chaos.runs", 20);
    long first = Long.getLong("entrasync.chaos.seed", 1L);
    Duration shrinkBudget = Duration.ofSeconds(Long.getLong("entrasync.chaos.shrink.seconds", 600L));
    int violations = 0;
    int converged = 0;
    long start = System.nanoTime();
    try (ChaosCampaign campaign = new ChaosCampaign(Boolean.getBoolean("entrasync.chaos.logs"))) {
      for (int i = 0; i < runs; i++) {
        long seed = first + i;
        Verdict v;
        try {
          v = campaign.run(seed);
        } catch (RuntimeException e) {
          v = new Verdict(seed, ChaosHistory.generate(seed), List.of("the history could not be played: " + e), List.of(),
              List.of(), 0);
        }
        if (v.failed()) {
          campaign.report(v);
          campaign.report(campaign.shrink(v, shrinkBudget));
        } else {
          campaign.report(v);
        }
        violations += v.violated() ? 1 : 0;
        converged += v.converged() ? 1 : 0;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      campaign.out.printf(Locale.ROOT, "chaos: %.1f s in all, %.1f s per history%n", seconds, seconds / Math.max(1, runs));
      campaign.out.printf(Locale.ROOT, "chaos: %d histories, %d violations, %d converged%n", runs, violations, converged);
      campaign.out.flush();
    }
    System.exit(violations == 0 && converged == runs ? 0 : 1);
  }
}
