package org.entrasync.adapters.jdbi.internal;

import java.util.Objects;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/** {@link SyncSettingsRepository} over {@code entra_sync_settings} (JSON columns for the configs). */
public final class JdbiSyncSettingsRepository implements SyncSettingsRepository {
  private final Jdbi jdbi;

  public JdbiSyncSettingsRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public SyncSettings get(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery("""
            select interval_minutes, field_sync_config::text as field_sync, user_filter_config::text as user_filter,
                   mark_inactive_when_disabled
              from entra_sync_settings where msp_tenant_id = :msp
            """)
        .bind("msp", msp.value())
        .map((rs, ctx) -> new SyncSettings(
            Json.fieldSync(rs.getString("field_sync")),
            Json.userFilter(rs.getString("user_filter")),
            rs.getBoolean("mark_inactive_when_disabled"),
            rs.getInt("interval_minutes")))
        .findOne()
        .orElse(SyncSettings.DEFAULT));
  }

  @Override
  public void save(MspTenantId msp, SyncSettings settings) {
    jdbi.useHandle(h -> h.createUpdate("""
            insert into entra_sync_settings
              (msp_tenant_id, interval_minutes, field_sync_config, user_filter_config, mark_inactive_when_disabled)
            values (:msp, :interval, cast(:fieldSync as jsonb), cast(:userFilter as jsonb), :markInactive)
            on conflict (msp_tenant_id) do update
               set interval_minutes = excluded.interval_minutes,
                   field_sync_config = excluded.field_sync_config,
                   user_filter_config = excluded.user_filter_config,
                   mark_inactive_when_disabled = excluded.mark_inactive_when_disabled,
                   updated_at = now()
            """)
        .bind("msp", msp.value())
        .bind("interval", settings.intervalMinutes())
        .bind("fieldSync", Json.fieldSync(settings.fieldSync()))
        .bind("userFilter", Json.userFilter(settings.userFilter()))
        .bind("markInactive", settings.markInactiveWhenDisabled())
        .execute());
  }
}
