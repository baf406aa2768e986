package org.entrasync.temporal.benchmark;

import java.util.List;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.core.model.SyncCounters;

/**
 * What one measured phase did and cost.
 *
 * @param users users listed (or rows written, for the floor)
 * @param pages pages applied (0 when the phase has no pages)
 * @param statements JDBC statement executions ({@code StatementCounter}; a batch counts once)
 * @param commits commits ({@code StatementCounter})
 * @param dbNanos wall time spent inside JDBC executions and commits ({@link TimedDataSource})
 */
record PhaseResult(
    String name,
    long users,
    long pages,
    long wallNanos,
    SyncCounters counters,
    long statements,
    long commits,
    long dbNanos,
    HeapMeter.Peak heap,
    CpuMeter.Cpu cpu,
    List<TimedDataSource.Line> breakdown) {

  double seconds() {
    return wallNanos / 1e9;
  }

  double usersPerSecond() {
    return wallNanos == 0 ? 0 : users / seconds();
  }

  double microsPerUser() {
    return users == 0 ? 0 : wallNanos / 1e3 / users;
  }

  /** A running measurement of a phase: wall clock, heap, CPU and statements from its start. */
  static final class Running {
    private final String name;
    private final StatementCounter counter;
    private final TimedDataSource timed;
    private final CpuMeter.Running cpu;
    private final HeapMeter heap;
    private final long start;

    Running(String name, StatementCounter counter, TimedDataSource timed, CpuMeter cpuMeter) {
      this.name = name;
      this.counter = counter;
      this.timed = timed;
      if (counter != null) {
        counter.reset();
      }
      if (timed != null) {
        timed.reset();
      }
      this.heap = HeapMeter.start();
      this.cpu = cpuMeter.start();
      this.start = System.nanoTime();
    }

    PhaseResult stop(long users, long pages, SyncCounters counters) {
      long wall = System.nanoTime() - start;
      CpuMeter.Cpu used = cpu.stop();
      HeapMeter.Peak peak = heap.stop();
      return new PhaseResult(name, users, pages, wall, counters,
          counter == null ? 0 : counter.statements(), counter == null ? 0 : counter.commits(),
          timed == null ? 0 : timed.totalNanos(), peak, used, timed == null ? List.of() : timed.breakdown());
    }
  }
}
