package org.entrasync.core.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.spi.MspTenantId;

/** Sync settings in memory; {@link SyncSettings#DEFAULT} until saved. Thread-safe. */
public final class InMemorySyncSettingsRepository implements SyncSettingsRepository {
  private final Map<MspTenantId, SyncSettings> settings = new HashMap<>();

  @Override
  public synchronized SyncSettings get(MspTenantId msp) {
    return settings.getOrDefault(Objects.requireNonNull(msp, "msp"), SyncSettings.DEFAULT);
  }

  @Override
  public synchronized void save(MspTenantId msp, SyncSettings value) {
    settings.put(Objects.requireNonNull(msp, "msp"), Objects.requireNonNull(value, "settings"));
  }
}
