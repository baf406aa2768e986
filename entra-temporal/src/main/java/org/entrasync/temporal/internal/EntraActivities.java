package org.entrasync.temporal.internal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The library's activities: thin adapters onto the core use cases. */
@ActivityInterface
public interface EntraActivities {

  @ActivityMethod
  int discover(Payloads.DiscoveryInput input);

  /** Opens the run and returns its tenants (provisioning create_new clients where allowed). */
  @ActivityMethod
  List<Payloads.Target> beginRun(Payloads.BeginRunInput input);

  @ActivityMethod
  void tenantStarted(Payloads.TenantInput input);

  /** Syncs one tenant, heartbeating a checkpoint after each page and resuming from it on retry. */
  @ActivityMethod
  Payloads.TenantResult syncTenant(Payloads.TenantInput input);

  /**
   * Syncs one tenant as {@link #syncTenant} does, then records its result in the run (as {@link
   * #tenantFinished} would): a tenant child's one activity in the common case. A retry after the
   * result was recorded resumes past the listing and records it again in place, not twice.
   */
  @ActivityMethod
  Payloads.TenantResult syncAndRecordTenant(Payloads.TenantInput input);

  /** Records a tenant's result (completed, failed or skipped) and updates the run's progress. */
  @ActivityMethod
  void tenantFinished(Payloads.TenantInput input, Payloads.TenantResult result);

  /** Closes the run and returns its final status wire name. */
  @ActivityMethod
  String finishRun(String msp, String runId, String error);
}
