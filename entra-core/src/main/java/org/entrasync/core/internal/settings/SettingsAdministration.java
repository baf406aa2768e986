package org.entrasync.core.internal.settings;

import java.util.Objects;
import org.entrasync.core.internal.Inputs;
import org.entrasync.core.internal.Preconditions;
import org.entrasync.core.internal.schedule.Schedules;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.in.SettingsChange;
import org.entrasync.core.port.in.SettingsView;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.spi.MspTenantId;

/**
 * The sync settings: filters, mark-inactive-when-disabled, the interval, and the field toggles. A
 * change of what a sync does with users that did not change upstream clears the delta cursors (the
 * next sync lists everyone and applies it to all); a new interval updates the recurring sync.
 */
public final class SettingsAdministration {
  private final SyncSettingsRepository settings;
  private final ManagedTenantRepository tenants;
  private final Preconditions preconditions;
  private final Schedules schedules;

  public SettingsAdministration(SyncSettingsRepository settings, ManagedTenantRepository tenants, Preconditions preconditions,
      Schedules schedules) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.preconditions = Objects.requireNonNull(preconditions, "preconditions");
    this.schedules = Objects.requireNonNull(schedules, "schedules");
  }

  public SettingsView view(MspTenantId msp) {
    SyncSettings s = settings.get(msp);
    return new SettingsView(s.userFilter(), s.markInactiveWhenDisabled(), s.intervalMinutes());
  }

  /**
   * Applies a change (a null field keeps its value). Patterns and the interval are validated first: an
   * invalid one is refused {@code VALIDATION} and nothing is saved.
   */
  public SettingsView update(MspTenantId msp, SettingsChange change) {
    Inputs.require(change, "The settings change is required.");
    UserFilterConfig.patternProblem(change.excludePatterns()).ifPresent(problem -> {
      throw Inputs.invalid(problem);
    });
    if (change.intervalMinutes() != null) {
      SyncSettings.intervalProblem(change.intervalMinutes()).ifPresent(problem -> {
        throw Inputs.invalid(problem);
      });
    }
    SyncSettings current = settings.get(msp);
    UserFilterConfig filter = current.userFilter();
    SyncSettings updated = new SyncSettings(current.fieldSync(),
        new UserFilterConfig(
            change.includeGuests() == null ? filter.includeGuests() : change.includeGuests(),
            change.licensedOnly() == null ? filter.licensedOnly() : change.licensedOnly(),
            change.excludePatterns() == null ? filter.customPatterns() : change.excludePatterns()),
        change.markInactiveWhenDisabled() == null ? current.markInactiveWhenDisabled() : change.markInactiveWhenDisabled(),
        change.intervalMinutes() == null ? current.intervalMinutes() : change.intervalMinutes());
    settings.save(msp, updated);
    if (change.changesSyncBehaviour() && !updated.equals(current)) {
      tenants.clearDeltaCursors(msp);
    }
    if (change.intervalMinutes() != null && preconditions.isConnected(msp)) {
      schedules.keep(msp, updated.intervalMinutes());
    }
    return view(msp);
  }

  public FieldSyncConfig fieldSync(MspTenantId msp) {
    return settings.get(msp).fieldSync();
  }

  public FieldSyncConfig updateFieldSync(MspTenantId msp, FieldSyncConfig config) {
    Inputs.require(config, "The field sync toggles are required.");
    SyncSettings current = settings.get(msp);
    settings.save(msp, new SyncSettings(config, current.userFilter(), current.markInactiveWhenDisabled(),
        current.intervalMinutes()));
    if (!config.equals(current.fieldSync())) {
      // Toggles decide what happens to users that did not change upstream too: list everyone next time.
      tenants.clearDeltaCursors(msp);
    }
    return config;
  }
}
