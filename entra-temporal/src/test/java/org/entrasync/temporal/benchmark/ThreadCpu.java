package org.entrasync.temporal.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU of this JVM's threads during a phase, grouped by what the threads do (their names, with
 * numbers and ids folded). Only threads alive at the end are seen; the JVM total minus the groups
 * is what ended meanwhile, the JIT compiler, GC and VM threads ({@link CpuMeter} splits those).
 */
final class ThreadCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();

  private ThreadCpu() {
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) {
        start.put(id, cpu);
      }
    }
  }

  static ThreadCpu start() {
    return new ThreadCpu();
  }

  /** CPU nanoseconds per group, largest first. */
  Map<String, Long> stop() {
    Map<String, Long> groups = new HashMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long now = threads.getThreadCpuTime(ids[i]);
      if (infos[i] == null || now <= 0) {
        continue;
      }
      long used = now - start.getOrDefault(ids[i], 0L);
      if (used > 0) {
        groups.merge(group(infos[i].getThreadName()), used, Long::sum);
      }
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    Map<String, Long> out = new LinkedHashMap<>();
    sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** What a thread does, from its name. */
  static String group(String name) {
    if (name.startsWith("Activity Executor")) {
      return "Temporal activity threads (the library's activities: sync, bookkeeping, discovery)";
    }
    if (name.startsWith("workflow-method") || name.startsWith("Workflow Executor") || name.startsWith("workflow[")
        || name.startsWith("workflow-thread")) {
      return "Temporal workflow threads (workflow code, replay)";
    }
    if (name.startsWith("MockWebServer")) {
      return "Graph emulator (MockWebServer: JSON rendering, injected waits)";
    }
    if (name.startsWith("entrasync-graph-prefetch")) {
      return "Graph adapter page prefetch";
    }
    if (name.startsWith("entrasync-graph-discovery")) {
      return "Graph adapter discovery threads";
    }
    if (name.startsWith("OkHttp")) {
      return "OkHttp (Graph adapter HTTP)";
    }
    if (name.startsWith("grpc") || name.contains("TestWorkflowService") || name.startsWith("SelfAdvancingTimer")
        || name.startsWith("test-service") || name.startsWith("Timer")) {
      return "Temporal in-process test server and gRPC";
    }
    if (name.contains("Poller") || name.contains("poller")) {
      return "Temporal worker pollers";
    }
    return name.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27,}", "<id>").replaceAll("[0-9]+", "#");
  }
}
