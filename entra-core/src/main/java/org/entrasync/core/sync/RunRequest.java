package org.entrasync.core.sync;

import java.util.Objects;
import org.entrasync.core.model.SyncKind;
import org.entrasync.spi.MspTenantId;

/** What a run is asked to do: which MSP tenant, which sync path, started by whom. */
public record RunRequest(MspTenantId msp, String runId, String workflowId, SyncKind kind, String clientId,
    boolean dryRun, String initiatedBy) {
  public RunRequest {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(kind, "kind");
    if (kind == SyncKind.CLIENT && (clientId == null || clientId.isBlank())) {
      throw new IllegalArgumentException("A single-client sync needs the client id");
    }
  }

  /** What the run covers, as recorded: {@code all} or {@code client:<id>}. */
  public String scope() {
    return kind == SyncKind.CLIENT ? "client:" + clientId : "all";
  }
}
