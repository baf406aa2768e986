package org.entrasync.temporal.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the CPU of a phase went: this JVM (all threads), split into the thread that runs the sync
 * (the one that started the measurement; tenant threads of a parallel run count as "other"), the
 * Graph adapter's page prefetch threads, the Graph emulator's threads (MockWebServer names its
 * serving threads {@code MockWebServer ...}), the JIT compiler and the garbage collector (native
 * threads, read from {@code /proc/self/task}; Linux only, else 0) and the rest; and the embedded
 * PostgreSQL server (postmaster and its children, read from {@code /proc}; Linux only, else -1).
 */
final class CpuMeter {
  /** USER_HZ of /proc/[pid]/stat; 100 on every Linux this runs on. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final long postmasterPid;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of a phase. */
  record Cpu(
      long jvmNanos,
      long syncThreadNanos,
      long prefetchNanos,
      long emulatorNanos,
      long jitNanos,
      long gcNanos,
      long postgresNanos) {
    /** The JVM's CPU outside the named groups (other threads, VM housekeeping). */
    long otherJvmNanos() {
      return Math.max(0, jvmNanos - syncThreadNanos - prefetchNanos - emulatorNanos - jitNanos - gcNanos);
    }
  }

  /** A started measurement. */
  final class Running {
    private final long syncThread = Thread.currentThread().getId();
    private final long jvmStart = processCpu();
    private final Map<Long, Long> threadStart = threadCpu();
    private final Map<String, Long> nativeStart = nativeThreadTicks();
    private final long pgStart = postgresCpu();

    Cpu stop() {
      long jvm = processCpu() - jvmStart;
      long sync = 0;
      long prefetch = 0;
      long emulator = 0;
      long[] ids = threads.getAllThreadIds();
      ThreadInfo[] infos = threads.getThreadInfo(ids);
      for (int i = 0; i < ids.length; i++) {
        long now = threads.getThreadCpuTime(ids[i]);
        if (infos[i] == null || now <= 0) {
          continue; // a thread that ended meanwhile counts as "other"
        }
        long used = now - threadStart.getOrDefault(ids[i], 0L);
        String name = infos[i].getThreadName();
        if (ids[i] == syncThread) {
          sync += used;
        } else if (name.startsWith("entrasync-graph-prefetch")) {
          prefetch += used;
        } else if (name.startsWith("MockWebServer")) {
          emulator += used;
        }
      }
      long jit = 0;
      long gc = 0;
      for (Map.Entry<String, Long> e : nativeThreadTicks().entrySet()) {
        long used = (e.getValue() - nativeStart.getOrDefault(e.getKey(), 0L)) * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        String name = e.getKey().substring(e.getKey().indexOf(':') + 1);
        if (name.contains("CompilerThre")) {
          jit += used;
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
          gc += used;
        }
      }
      long pgEnd = postgresCpu();
      return new Cpu(jvm, sync, prefetch, emulator, jit, gc, pgStart < 0 || pgEnd < 0 ? -1 : pgEnd - pgStart);
    }
  }

  /** @param postmasterPid the PostgreSQL server's process id, or -1 when unknown */
  CpuMeter(long postmasterPid) {
    this.postmasterPid = postmasterPid;
  }

  Running start() {
    return new Running();
  }

  private static long processCpu() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }

  private Map<Long, Long> threadCpu() {
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }

  /**
   * utime + stime ticks of every thread of this process, keyed {@code tid:name}: the JIT compiler
   * and GC threads are native, so the management beans do not see them.
   */
  private static Map<String, Long> nativeThreadTicks() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        String text = read(task.resolve("stat"));
        if (text == null) {
          continue;
        }
        String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
        long[] fields = fields(text);
        if (fields != null) {
          out.put(task.getFileName() + ":" + name, fields[1] + fields[2]);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * utime + stime of the postmaster and its direct children (backends, walwriter, ...), plus the
   * postmaster's cutime + cstime: what its children that ended (connections a pool closed) used.
   */
  private long postgresCpu() {
    if (postmasterPid <= 0 || !Files.isDirectory(Path.of("/proc"))) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        long[] stat = fields(read(proc.resolve("stat")));
        if (stat == null) {
          continue;
        }
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == postmasterPid) {
          ticks += stat[1] + stat[2] + stat[3] + stat[4];
        } else if (stat[0] == postmasterPid) {
          ticks += stat[1] + stat[2];
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
  }

  private static String read(Path stat) {
    try {
      return new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return null; // the process or thread is gone
    }
  }

  /** {ppid, utime, stime, cutime, cstime} of a /proc stat line, or null when unreadable. */
  private static long[] fields(String text) {
    if (text == null) {
      return null;
    }
    try {
      // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime (15), f[13] = cutime (16),
      // f[14] = cstime (17)
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
          Long.parseLong(f[14])};
    } catch (RuntimeException e) {
      return null;
    }
  }
}
