package org.entrasync.core.internal.readmodel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.port.in.RunProgressView;
import org.entrasync.core.port.in.TenantOverview;
import org.entrasync.core.port.out.OperatorViewRepository;
import org.entrasync.spi.MspTenantId;

/**
 * The operator's read models: the tenant list and run progress, each read in one query from the
 * storage (never from Temporal, so a UI needs no Temporal access). Without a repository (a host that
 * did not wire one) every read says how to wire it.
 */
public final class OperatorViewService {
  private final OperatorViewRepository views;

  /** @param views may be null: then the reads fail with the wiring remedy */
  public OperatorViewService(OperatorViewRepository views) {
    this.views = views;
  }

  public List<TenantOverview> tenantOverview(MspTenantId msp) {
    return repository().tenantOverview(Objects.requireNonNull(msp, "msp"));
  }

  public Optional<RunProgressView> runProgress(MspTenantId msp, String runId) {
    Objects.requireNonNull(msp, "msp");
    return runId == null || runId.isBlank() ? Optional.empty() : repository().runProgress(msp, runId);
  }

  public List<RunProgressView> runsInFlight(MspTenantId msp) {
    return repository().runsInFlight(Objects.requireNonNull(msp, "msp"));
  }

  private OperatorViewRepository repository() {
    if (views == null) {
      throw new IllegalStateException("The operator views need a storage that provides them: install"
          + " JdbiStorage (its part contributes them), or a part contributing an OperatorViewRepository"
          + " (Installation.operatorViews).");
    }
    return views;
  }
}
