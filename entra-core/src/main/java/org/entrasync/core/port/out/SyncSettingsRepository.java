package org.entrasync.core.port.out;

import org.entrasync.core.model.SyncSettings;
import org.entrasync.spi.MspTenantId;

/** Storage of each MSP tenant's sync settings (filters, field toggles, schedule, deletion handling). */
public interface SyncSettingsRepository {

  /** The tenant's settings, or {@link SyncSettings#DEFAULT} if never saved. */
  SyncSettings get(MspTenantId msp);

  void save(MspTenantId msp, SyncSettings settings);
}
