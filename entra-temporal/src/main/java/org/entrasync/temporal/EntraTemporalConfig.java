package org.entrasync.temporal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the library's workflows run. Defaults suit a daily sync of a few thousand tenants.
 *
 * @param taskQueue the task queue the library's workers poll (default {@code entrasync})
 * @param fanOutWindow how many tenant syncs a run keeps in flight at once (default 16); Graph
 *     throttles per customer tenant and its one cross-tenant limit (130,000 requests per 10 s per
 *     app) is far above what 16 small tenants in flight ask, so this bounds the host's database
 *     pool ({@link #databaseConnections}) and the worker's CPU, not load on Microsoft
 * @param tenantSyncTimeout the longest one tenant's sync activity may run (default 2 h)
 * @param heartbeatTimeout a tenant sync that stops heartbeating this long is considered crashed and
 *     retried from its last page (default 2 min; a page of 999 users takes well under that)
 * @param retryInitialInterval first retry delay of a failed activity (default 5 s); a {@code
 *     Retry-After} from Graph or CIPP overrides it
 * @param retryMaxInterval the longest delay between retries (default 5 min)
 * @param retryMaxAttempts attempts of a retryable failure before the tenant is marked failed (default 8)
 * @param maxRunHistoryEvents a sync run whose workflow history has reached this many events lets its
 *     tenants in flight finish and continues as new, carrying its run id, progress and remaining
 *     tenants (default 4,000: the Temporal server suggests continue-as-new at 4,096 events, warns at
 *     10,240 and refuses a history at 51,200; a run also continues when the server suggests it).
 *     Each execution starts at least one tenant, so a tiny value still finishes.
 */
public record EntraTemporalConfig(
    String taskQueue,
    int fanOutWindow,
    Duration tenantSyncTimeout,
    Duration heartbeatTimeout,
    Duration retryInitialInterval,
    Duration retryMaxInterval,
    int retryMaxAttempts,
    int maxRunHistoryEvents) {

  public static final String DEFAULT_TASK_QUEUE = "entrasync";
  public static final int DEFAULT_MAX_RUN_HISTORY_EVENTS = 4_000;
  /** Chosen from the MSP-scale suite and Graph's limits: see the temporal README, "Fan-out window". */
  public static final int DEFAULT_FAN_OUT_WINDOW = 16;

  public static final EntraTemporalConfig DEFAULTS = new EntraTemporalConfig(DEFAULT_TASK_QUEUE, DEFAULT_FAN_OUT_WINDOW,
      Duration.ofHours(2), Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofMinutes(5), 8,
      DEFAULT_MAX_RUN_HISTORY_EVENTS);

  /** The settings before {@code maxRunHistoryEvents} existed; it takes its default. */
  public EntraTemporalConfig(String taskQueue, int fanOutWindow, Duration tenantSyncTimeout, Duration heartbeatTimeout,
      Duration retryInitialInterval, Duration retryMaxInterval, int retryMaxAttempts) {
    this(taskQueue, fanOutWindow, tenantSyncTimeout, heartbeatTimeout, retryInitialInterval, retryMaxInterval,
        retryMaxAttempts, DEFAULT_MAX_RUN_HISTORY_EVENTS);
  }

  public EntraTemporalConfig {
    if (taskQueue == null || taskQueue.isBlank()) {
      throw new IllegalArgumentException("The task queue name cannot be blank");
    }
    if (fanOutWindow < 1 || fanOutWindow > 64) {
      throw new IllegalArgumentException("The fan-out window must be between 1 and 64; got " + fanOutWindow);
    }
    requirePositive(tenantSyncTimeout, "tenantSyncTimeout");
    requirePositive(heartbeatTimeout, "heartbeatTimeout");
    requirePositive(retryInitialInterval, "retryInitialInterval");
    requirePositive(retryMaxInterval, "retryMaxInterval");
    if (retryMaxAttempts < 1) {
      throw new IllegalArgumentException("retryMaxAttempts must be at least 1");
    }
    if (maxRunHistoryEvents < 1) {
      throw new IllegalArgumentException("maxRunHistoryEvents must be at least 1");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /**
   * The database connections a worker process needs for the library's activities while {@code
   * concurrentRuns} sync runs are in flight at once (runs of different MSP tenants; one MSP tenant
   * runs one at a time): each run keeps up to {@link #fanOutWindow} tenant syncs in flight, and a
   * tenant's sync activity holds one connection at a time (its statements run one after another on
   * the activity's thread; the Graph page prefetch uses none); each run adds one for its own
   * bookkeeping activities (begin, finish, a failed tenant's record), which overlap its tenants'
   * syncs; and one more serves a discovery. Size the pool to keep at least this many connections
   * open, idle ones included, plus what the host's own calls need: a pool that closes idle
   * connections beyond a smaller number opens and closes one per statement at a wide window (window
   * 16 with 8 idle connections: a tenant's result took 18-38 ms to record instead of 1.5 ms).
   *
   * @throws IllegalArgumentException if {@code concurrentRuns} is below 1
   */
  public int databaseConnections(int concurrentRuns) {
    if (concurrentRuns < 1) {
      throw new IllegalArgumentException("At least one run is in flight when connections are needed; got " + concurrentRuns);
    }
    return concurrentRuns * (fanOutWindow + 1) + 1;
  }

  public EntraTemporalConfig withTaskQueue(String queue) {
    return new EntraTemporalConfig(queue, fanOutWindow, tenantSyncTimeout, heartbeatTimeout, retryInitialInterval, retryMaxInterval, retryMaxAttempts, maxRunHistoryEvents);
  }

  public EntraTemporalConfig withFanOutWindow(int window) {
    return new EntraTemporalConfig(taskQueue, window, tenantSyncTimeout, heartbeatTimeout, retryInitialInterval, retryMaxInterval, retryMaxAttempts,
        maxRunHistoryEvents);
  }

  public EntraTemporalConfig withRetry(Duration initial, Duration max, int attempts) {
    return new EntraTemporalConfig(taskQueue, fanOutWindow, tenantSyncTimeout, heartbeatTimeout, initial, max, attempts,
        maxRunHistoryEvents);
  }

  public EntraTemporalConfig withHeartbeatTimeout(Duration timeout) {
    return new EntraTemporalConfig(taskQueue, fanOutWindow, tenantSyncTimeout, timeout, retryInitialInterval, retryMaxInterval, retryMaxAttempts,
        maxRunHistoryEvents);
  }

  public EntraTemporalConfig withMaxRunHistoryEvents(int events) {
    return new EntraTemporalConfig(taskQueue, fanOutWindow, tenantSyncTimeout, heartbeatTimeout, retryInitialInterval, retryMaxInterval,
        retryMaxAttempts, events);
  }
}
