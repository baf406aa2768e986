package org.entrasync.temporal.benchmark;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker interceptor (what a host adds for its own metrics; the library's registration is
 * untouched) that times every activity execution by activity type: wall time of the call and CPU
 * time of the thread that ran it (the database server's work is not in it).
 */
final class ActivityTimer extends WorkerInterceptorBase {
  private final Map<String, List<long[]>> calls = new ConcurrentHashMap<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** One activity type: calls, total, median and slowest wall time, total CPU. */
  record Line(String type, int calls, long nanos, long medianNanos, long maxNanos, long cpuNanos) {
    double meanMillis() {
      return calls == 0 ? 0 : nanos / 1e6 / calls;
    }
  }

  void reset() {
    calls.clear();
  }

  /** Every type seen since the last reset, most expensive first. */
  List<Line> lines() {
    List<Line> out = new ArrayList<>();
    calls.forEach((type, list) -> {
      List<long[]> copy;
      synchronized (list) {
        copy = new ArrayList<>(list);
      }
      List<Long> walls = new ArrayList<>();
      long total = 0;
      long cpu = 0;
      for (long[] c : copy) {
        walls.add(c[0]);
        total += c[0];
        cpu += c[1];
      }
      Collections.sort(walls);
      out.add(new Line(type, walls.size(), total, walls.isEmpty() ? 0 : walls.get(walls.size() / 2),
          walls.isEmpty() ? 0 : walls.get(walls.size() - 1), cpu));
    });
    out.sort(Comparator.comparingLong(Line::nanos).reversed());
    return out;
  }

  /** The line of one activity type, or an empty one. */
  Line line(String type) {
    return lines().stream().filter(l -> l.type().equals(type)).findFirst().orElse(new Line(type, 0, 0, 0, 0, 0));
  }

  private void record(String type, long wallNanos, long cpuNanos) {
    List<long[]> list = calls.computeIfAbsent(type, k -> Collections.synchronizedList(new ArrayList<>()));
    list.add(new long[] {wallNanos, cpuNanos});
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String type = "?";

      @Override
      public void init(ActivityExecutionContext context) {
        type = context.getInfo().getActivityType();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try {
          return super.execute(input);
        } finally {
          record(type, System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpuStart);
        }
      }
    };
  }
}
