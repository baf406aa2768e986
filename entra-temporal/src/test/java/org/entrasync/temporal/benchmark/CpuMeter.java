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
 * Where the CPU of a phase went: this JVM (all threads), the Graph emulator's threads inside it
 * (MockWebServer names its serving threads {@code MockWebServer ...}), and the embedded PostgreSQL
 * server (postmaster and its children, read from {@code /proc}; Linux only, else -1).
 */
final class CpuMeter {
  /** USER_HZ of /proc/[pid]/stat; 100 on every Linux this runs on. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final long postmasterPid;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds of a phase. */
  record Cpu(long jvmNanos, long emulatorNanos, long postgresNanos) {}

  /** A started measurement. */
  final class Running {
    private final long jvmStart = processCpu();
    private final Map<Long, Long> threadStart = threadCpu();
    private final long pgStart = postgresCpu();

    Cpu stop() {
      long jvm = processCpu() - jvmStart;
      long emulator = 0;
      long[] ids = threads.getAllThreadIds();
      ThreadInfo[] infos = threads.getThreadInfo(ids);
      for (int i = 0; i < ids.length; i++) {
        if (infos[i] != null && infos[i].getThreadName().startsWith("MockWebServer")) {
          long now = threads.getThreadCpuTime(ids[i]);
          if (now > 0) {
            emulator += now - threadStart.getOrDefault(ids[i], 0L);
          }
        }
      }
      long pgEnd = postgresCpu();
      return new Cpu(jvm, emulator, pgStart < 0 || pgEnd < 0 ? -1 : pgEnd - pgStart);
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

  /** utime + stime of the postmaster and its direct children (backends, walwriter, ...). */
  private long postgresCpu() {
    if (postmasterPid <= 0 || !Files.isDirectory(Path.of("/proc"))) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        long[] stat = stat(proc);
        if (stat == null) {
          continue;
        }
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == postmasterPid || stat[0] == postmasterPid) {
          ticks += stat[1] + stat[2];
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
  }

  /** {ppid, utime, stime} of /proc/[pid]/stat, or null when the process is gone. */
  private static long[] stat(Path proc) {
    try {
      String text = new String(Files.readAllBytes(proc.resolve("stat")), StandardCharsets.US_ASCII);
      // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // f[0] = state (field 3), f[1] = ppid (4), f[11] = utime (14), f[12] = stime (15)
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
