package org.entrasync.core.port.in;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;

/**
 * The decisions saved, the initial sync started with them when asked (else null), and what became of
 * the recurring sync ({@link ScheduleOutcome.State#UNCHANGED} without an initial sync). A schedule that
 * could not be kept is reported here: the decisions and the initial sync stand.
 */
public record ConfirmResult(List<TenantMapping> saved, LaunchedRun initialSync, ScheduleOutcome schedule) {
  public ConfirmResult {
    saved = List.copyOf(saved);
    Objects.requireNonNull(schedule, "schedule");
  }
}
