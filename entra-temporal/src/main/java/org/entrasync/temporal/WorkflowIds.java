package org.entrasync.temporal;

import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncKind;
import org.entrasync.spi.MspTenantId;

/**
 * The deterministic workflow ids. One id per path and MSP tenant, so a repeated start joins the run
 * in flight; the per-tenant child id doubles as a mutex: one sync per managed tenant at a time.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  /** Every workflow id of an MSP tenant starts with this. */
  public static String prefix(MspTenantId msp) {
    return "entrasync/" + msp.value() + "/";
  }

  public static String discovery(MspTenantId msp) {
    return "entrasync/" + msp.value() + "/discovery";
  }

  public static String initial(MspTenantId msp) {
    return "entrasync/" + msp.value() + "/initial";
  }

  /** Manual and scheduled all-tenants runs share this id, so they never overlap. */
  public static String allTenants(MspTenantId msp) {
    return "entrasync/" + msp.value() + "/all";
  }

  public static String client(MspTenantId msp, String clientId) {
    return "entrasync/" + msp.value() + "/client/" + clientId;
  }

  public static String tenant(MspTenantId msp, EntraTenantId tenantId) {
    return "entrasync/" + msp.value() + "/tenant/" + tenantId.value();
  }

  /** The id of a dry-run child: never the mutex of real syncs. */
  public static String tenantDryRun(MspTenantId msp, EntraTenantId tenantId) {
    return tenant(msp, tenantId) + "/dry-run";
  }

  public static String schedule(MspTenantId msp) {
    return "entrasync/" + msp.value() + "/schedule";
  }

  /** The id a sync path starts under; a dry run gets its own id so it never joins a real run. */
  public static String forSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun) {
    String base;
    switch (kind) {
      case INITIAL:
        base = initial(msp);
        break;
      case ALL:
      case SCHEDULED:
        base = allTenants(msp);
        break;
      case CLIENT:
        base = client(msp, clientId);
        break;
      default:
        throw new IllegalArgumentException("Unknown sync kind " + kind);
    }
    return dryRun ? base + "/dry-run" : base;
  }
}
