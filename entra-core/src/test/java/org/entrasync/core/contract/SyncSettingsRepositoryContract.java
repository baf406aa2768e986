package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SyncSettingsRepository} must do. */
public abstract class SyncSettingsRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract SyncSettingsRepository syncSettings();

  @BeforeEach
  void newTenants() {
    msp = ContractData.newMsp("settings");
    otherMsp = ContractData.newMsp("settings-other");
  }

  private static SyncSettings custom() {
    return new SyncSettings(
        new FieldSyncConfig(true, false, true, false, true),
        new UserFilterConfig(true, true, List.of("^scanner@", "(?i)printer\\d+")),
        false,
        60);
  }

  @Test
  void defaultsBeforeAnythingIsSaved() {
    assertThat(syncSettings().get(msp)).isEqualTo(SyncSettings.DEFAULT);
  }

  @Test
  void savedSettingsAreReadBackUnchanged() {
    syncSettings().save(msp, custom());
    assertThat(syncSettings().get(msp)).isEqualTo(custom());
  }

  @Test
  void savingAgainReplacesEveryField() {
    syncSettings().save(msp, custom());
    SyncSettings next = new SyncSettings(FieldSyncConfig.NONE, UserFilterConfig.DEFAULT, true,
        SyncSettings.MAX_INTERVAL_MINUTES);
    syncSettings().save(msp, next);
    assertThat(syncSettings().get(msp)).isEqualTo(next);
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    syncSettings().save(msp, custom());
    assertThat(syncSettings().get(otherMsp)).isEqualTo(SyncSettings.DEFAULT);

    syncSettings().save(otherMsp, SyncSettings.DEFAULT);
    assertThat(syncSettings().get(msp)).isEqualTo(custom());
  }
}
