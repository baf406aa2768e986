package org.entrasync.temporal.internal;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.entrasync.temporal.EntraTemporalConfig;

/** Activity options, in one place: the long tenant sync and the short bookkeeping calls. */
final class ActivityStubs {
  private ActivityStubs() {}

  /** Bookkeeping (runs, results, discovery): short, retried on any failure a retry can fix. */
  static EntraActivities bookkeeping(EntraTemporalConfig config) {
    return Workflow.newActivityStub(EntraActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(retry(config))
        .build());
  }

  /**
   * Discovery: walks every customer of the partner (thousands, some throttled), so it gets the tenant
   * sync's time budget and heartbeats while it waits instead of the bookkeeping's two minutes.
   */
  static EntraActivities discovery(EntraTemporalConfig config) {
    return Workflow.newActivityStub(EntraActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(config.tenantSyncTimeout())
        .setHeartbeatTimeout(config.heartbeatTimeout())
        .setRetryOptions(retry(config))
        .build());
  }

  /**
   * The tenant sync: long, heartbeating a page checkpoint, resumed from it when retried. When its run
   * is cancelled (a disconnect or switch) the child records the tenant as stopped at once and the
   * attempt is abandoned: its credentials are gone by then (removed, and forgotten by the gateways), so
   * it fails at its next upstream call. (Asking the server to cancel the attempt instead races with the
   * attempt's own heartbeats; temporal-testing's server then answers ACTIVITY_UNKNOWN and the child
   * never completes.)
   */
  static EntraActivities tenantSync(EntraTemporalConfig config) {
    return Workflow.newActivityStub(EntraActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(config.tenantSyncTimeout())
        .setHeartbeatTimeout(config.heartbeatTimeout())
        .setRetryOptions(retry(config))
        .setCancellationType(ActivityCancellationType.ABANDON)
        .build());
  }

  private static RetryOptions retry(EntraTemporalConfig config) {
    return RetryOptions.newBuilder()
        .setInitialInterval(config.retryInitialInterval())
        .setMaximumInterval(config.retryMaxInterval())
        .setBackoffCoefficient(2.0)
        .setMaximumAttempts(config.retryMaxAttempts())
        .build();
  }
}
