package org.entrasync.core.fakes;

import org.entrasync.core.contract.SyncSettingsRepositoryContract;
import org.entrasync.core.port.out.SyncSettingsRepository;

class InMemorySyncSettingsRepositoryContractTest extends SyncSettingsRepositoryContract {
  private final InMemorySyncSettingsRepository settings = new InMemorySyncSettingsRepository();

  @Override
  protected SyncSettingsRepository syncSettings() {
    return settings;
  }
}
