package org.entrasync.temporal.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.entrasync.core.model.SyncCounters;

/** Printing helpers: every figure goes to standard output, in one format. */
final class Report {
  private Report() {}

  static void line(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1024.0 / 1024.0);
  }

  static String secs(long nanos) {
    return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String counters(SyncCounters c) {
    return String.format(Locale.ROOT, "created=%d linked=%d updated=%d unchanged=%d ambiguous=%d inactivated=%d"
        + " reactivated=%d skipped=%d", c.created(), c.linked(), c.updated(), c.unchanged(), c.ambiguous(),
        c.inactivated(), c.reactivated(), c.skipped());
  }

  /** The load average of the machine (other work running shows here). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** One phase, as a block of lines. */
  static void phase(String number, PhaseResult r, boolean withStatements) {
    line("");
    line("(%s) %s", number, r.name());
    line("    wall %s | %,.0f users/s | %,d users | %,d pages", secs(r.wallNanos()), r.usersPerSecond(), r.users(), r.pages());
    if (r.counters() != null && r.counters().total() > 0) {
      line("    counters: %s", counters(r.counters()));
    }
    if (withStatements) {
      if (r.pages() > 0) {
        line("    DB round trips: %,d statements + %,d commits = %.1f statements + %.1f commits per page (%.2f per user)",
            r.statements(), r.commits(), (double) r.statements() / r.pages(), (double) r.commits() / r.pages(),
            r.users() == 0 ? 0.0 : (double) (r.statements() + r.commits()) / r.users());
      } else {
        line("    DB round trips: %,d statements + %,d commits", r.statements(), r.commits());
      }
    }
    CpuMeter.Cpu cpu = r.cpu();
    line("    CPU: JVM %s (sync thread %s, Graph page prefetch %s, Graph emulator %s, JIT compiler %s, GC %s, other %s)"
        + " | PostgreSQL server %s | time inside JDBC calls %s (%.0f%% of wall)", secs(cpu.jvmNanos()),
        secs(cpu.syncThreadNanos()), secs(cpu.prefetchNanos()), secs(cpu.emulatorNanos()), secs(cpu.jitNanos()),
        secs(cpu.gcNanos()), secs(cpu.otherJvmNanos()), secs(cpu.postgresNanos()), secs(r.dbNanos()),
        r.wallNanos() == 0 ? 0.0 : 100.0 * r.dbNanos() / r.wallNanos());
    HeapMeter.Peak heap = r.heap();
    line("    heap: peak used %s (poller; sum of pool peaks %s), max live after GC %s (%d GCs), at start %s",
        mib(heap.peakUsed()), mib(heap.poolPeakSum()), heap.maxAfterGc() < 0 ? "n/a (no GC)" : mib(heap.maxAfterGc()),
        heap.collections(), mib(heap.startUsed()));
    if (!r.breakdown().isEmpty()) {
      line("    time inside JDBC by statement (wall of the calling thread; per call: mean, median, slowest, first, last):");
      for (TimedDataSource.Line l : r.breakdown()) {
        if (l.nanos() < r.wallNanos() / 1000 && l.calls() < 10) {
          continue; // noise
        }
        line("      %-40s %,7d x %8.2f ms = %9s (%4.1f%% of wall) | median %.2f, max %.2f, first %.2f, last %.2f ms",
            l.label(), l.calls(), l.nanos() / 1e6 / Math.max(1, l.calls()), secs(l.nanos()), 100.0 * l.nanos() / r.wallNanos(),
            l.medianNanos() / 1e6, l.maxNanos() / 1e6, l.firstNanos() / 1e6, l.lastNanos() / 1e6);
      }
      TimedDataSource.Line top = r.breakdown().get(0);
      if (top.calls() > 1 && top.calls() <= 400 && !top.each().isEmpty()) {
        StringBuilder series = new StringBuilder();
        for (long n : top.each()) {
          series.append(series.length() == 0 ? "" : " ").append(Math.round(n / 1e6));
        }
        line("    %s, ms per call in call order: %s", top.label(), series);
      }
    }
  }
}
