package org.entrasync.core.internal.wiring;

import java.util.Objects;
import org.entrasync.core.internal.connection.Connections;
import org.entrasync.core.internal.flags.FlagAdministration;
import org.entrasync.core.internal.mapping.MappingConfirmation;
import org.entrasync.core.internal.queue.ReconciliationService;
import org.entrasync.core.internal.readmodel.OperatorViewService;
import org.entrasync.core.internal.settings.SettingsAdministration;
import org.entrasync.core.internal.sync.HeldDeletionService;
import org.entrasync.core.internal.sync.SyncLaunching;

/** What the facade delegates to, once it has passed the guard. */
public record UseCases(
    Connections connections,
    SyncLaunching launching,
    MappingConfirmation mapping,
    SettingsAdministration settings,
    HeldDeletionService heldDeletions,
    ReconciliationService queue,
    FlagAdministration flags,
    OperatorViewService operatorViews) {
  public UseCases {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(launching, "launching");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(operatorViews, "operatorViews");
  }
}
