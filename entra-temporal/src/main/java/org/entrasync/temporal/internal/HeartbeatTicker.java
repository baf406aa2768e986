package org.entrasync.temporal.internal;

import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an activity's heartbeat going while its thread waits on an upstream call: CIPP gathers a
 * whole tenant before its first byte, a throttled call waits out a {@code Retry-After}, a discovery
 * walks thousands of customers. Every third of the heartbeat timeout it heartbeats the latest
 * details again (progress unchanged), so Temporal never mistakes a slow answer for a dead worker. A
 * dead worker still stops heartbeating: the ticker lives in its process.
 *
 * <p>{@link #update} records new details (a page checkpoint) and heartbeats them at once.
 */
final class HeartbeatTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatTicker.class);
  private static final Duration FALLBACK_INTERVAL = Duration.ofSeconds(10);
  private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);

  private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1, runnable -> {
    Thread thread = new Thread(runnable, "entrasync-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private final ActivityExecutionContext context;
  private final AtomicReference<Object> details;
  private final ScheduledFuture<?> ticks;

  /**
   * Starts ticking with {@code initialDetails} (the checkpoint the attempt resumed from, or null):
   * a tick never replaces a checkpoint with nothing.
   */
  HeartbeatTicker(ActivityExecutionContext context, Object initialDetails) {
    this.context = context;
    this.details = new AtomicReference<>(initialDetails);
    long every = interval(context.getInfo().getHeartbeatTimeout()).toMillis();
    this.ticks = SCHEDULER.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** A third of the heartbeat timeout; the activity may have none (then a modest default). */
  static Duration interval(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
      return FALLBACK_INTERVAL;
    }
    Duration third = heartbeatTimeout.dividedBy(3);
    return third.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL : third;
  }

  /** Records progress and heartbeats it now. */
  void update(Object newDetails) {
    details.set(newDetails);
    context.heartbeat(newDetails);
  }

  private void tick() {
    try {
      context.heartbeat(details.get());
    } catch (RuntimeException e) {
      // Cancelled or completed meanwhile: the activity's own thread learns it at its next heartbeat.
      LOG.debug("Heartbeat tick not delivered: {}", e.toString());
      ticks.cancel(false);
    }
  }

  @Override
  public void close() {
    ticks.cancel(false);
  }
}
