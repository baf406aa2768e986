package org.entrasync.core.port.out;

import java.util.List;
import java.util.Optional;
import org.entrasync.core.port.in.RunProgressView;
import org.entrasync.core.port.in.TenantOverview;
import org.entrasync.spi.MspTenantId;

/**
 * The read models an operator's UI shows, each one query, every one scoped by the MSP tenant: nothing
 * of another MSP is ever returned.
 */
public interface OperatorViewRepository {

  /** Every managed tenant of the MSP (present or not), ordered by display name then id. */
  List<TenantOverview> tenantOverview(MspTenantId msp);

  /** One run's progress, or empty when the MSP has no such run. */
  Optional<RunProgressView> runProgress(MspTenantId msp, String runId);

  /** The MSP's runs that have not finished, oldest first. */
  List<RunProgressView> runsInFlight(MspTenantId msp);
}
