package org.entrasync.temporal.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of one measured phase, three ways:
 *
 * <ul>
 *   <li>{@code peakUsed}: the highest heap occupancy seen by a 5 ms poller (live data plus garbage
 *       not yet collected; bounded by {@code -Xmx});
 *   <li>{@code poolPeakSum}: the sum of the heap pools' own peaks ({@link MemoryPoolMXBean#getPeakUsage},
 *       reset at the start after a {@code System.gc()}); an upper bound, as pools peak at different
 *       times;
 *   <li>{@code maxAfterGc}: the largest heap occupancy right after a collection (GC notifications):
 *       what the phase really kept alive, the figure that decides whether a small {@code -Xmx} fits.
 * </ul>
 */
final class HeapMeter implements AutoCloseable {
  private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
  private final Set<String> heapPoolNames = new HashSet<>();
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;
  private final Thread poller;
  private volatile boolean running = true;
  private final long startUsed;

  /** What a phase used. */
  record Peak(long startUsed, long peakUsed, long poolPeakSum, long maxAfterGc, long collections) {}

  private HeapMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        heapPools.add(pool);
        heapPoolNames.add(pool.getName());
      }
    }
    System.gc();
    for (MemoryPoolMXBean pool : heapPools) {
      pool.resetPeakUsage();
    }
    startUsed = used();
    peakUsed.set(startUsed);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    poller = new Thread(() -> {
      while (running) {
        peakUsed.accumulateAndGet(used(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-poller");
    poller.setDaemon(true);
    poller.start();
  }

  /** Collects garbage, resets the pools' peaks and starts watching. */
  static HeapMeter start() {
    return new HeapMeter();
  }

  private long used() {
    long used = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      used += pool.getUsage().getUsed();
    }
    return used;
  }

  private void onGc(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    long before = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPoolNames.contains(e.getKey())) {
        after += e.getValue().getUsed();
      }
    }
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      if (heapPoolNames.contains(e.getKey())) {
        before += e.getValue().getUsed();
      }
    }
    collections.incrementAndGet();
    maxAfterGc.accumulateAndGet(after, Math::max);
    peakUsed.accumulateAndGet(before, Math::max);
  }

  /** Stops watching and returns the peaks. */
  Peak stop() {
    running = false;
    poller.interrupt();
    peakUsed.accumulateAndGet(used(), Math::max);
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      poolPeaks += pool.getPeakUsage().getUsed();
    }
    close();
    long afterGc = maxAfterGc.get();
    if (collections.get() == 0) {
      afterGc = -1; // no collection during the phase: the after-GC figure is unknown
    }
    return new Peak(startUsed, peakUsed.get(), poolPeaks, afterGc, collections.get());
  }

  @Override
  public void close() {
    running = false;
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already removed
      }
    }
    emitters.clear();
  }
}
