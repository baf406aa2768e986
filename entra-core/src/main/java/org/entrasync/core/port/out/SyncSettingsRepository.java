package org.entrasync.core.port.out;

import org.entrasync.core.model.SyncSettings;
import org.entrasync.spi.MspTenantId;

public interface SyncSettingsRepository {

  /** The tenant's settings, or {@link SyncSettings#DEFAULT} if never saved. */
  SyncSettings get(MspTenantId msp);

  void save(MspTenantId msp, SyncSettings settings);
}
