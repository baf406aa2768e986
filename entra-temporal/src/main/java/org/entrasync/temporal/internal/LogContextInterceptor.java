package org.entrasync.temporal.internal;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.entrasync.core.observe.LogKeys;

/**
 * Sets the library's MDC keys ({@link LogKeys}) for the duration of every activity the worker runs:
 * the workflow id and activity type from Temporal, and the MSP, run and managed tenant the activity's
 * input names. Activities only: a workflow's code must not depend on thread state (replay), and its
 * own lines go through {@code Workflow.getLogger}, which Temporal tags with the workflow id itself.
 * Activities of other libraries on the same worker get the workflow id and type only.
 */
public final class LogContextInterceptor extends WorkerInterceptorBase {

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Activity(next);
  }

  private static final class Activity extends ActivityInboundCallsInterceptorBase {
    private ActivityInfo info;

    Activity(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.info = context.getInfo();
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      String[] known = known(info == null ? null : info.getActivityType(), input.getArguments());
      try (LogKeys.Scope scope = LogKeys.put(
          LogKeys.WORKFLOW_ID, info == null ? null : info.getWorkflowId(),
          LogKeys.ACTIVITY, info == null ? null : info.getActivityType(),
          LogKeys.MSP, known[0], LogKeys.RUN_ID, known[1], LogKeys.MANAGED_TENANT_ID, known[2])) {
        return super.execute(input);
      }
    }
  }

  /** The MSP, run id and managed tenant id the library's activity arguments name (nulls if none). */
  static String[] known(String activityType, Object[] arguments) {
    Object first = arguments == null || arguments.length == 0 ? null : arguments[0];
    if (first instanceof Payloads.TenantInput in) {
      return new String[] {in.msp(), in.runId(), in.tenantId()};
    }
    if (first instanceof Payloads.BeginRunInput in) {
      return new String[] {in.msp(), in.runId(), null};
    }
    if (first instanceof Payloads.DiscoveryInput in) {
      return new String[] {in.msp(), null, null};
    }
    if ("FinishRun".equals(activityType) && arguments.length == 3 && arguments[0] instanceof String msp
        && arguments[1] instanceof String runId) {
      return new String[] {msp, runId, null};
    }
    return new String[3];
  }
}
