package org.entrasync.core.port.in;

import java.util.List;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;

/** The decisions saved, and the initial sync started with them when asked. */
public record ConfirmResult(List<TenantMapping> saved, LaunchedRun initialSync) {
  public ConfirmResult {
    saved = List.copyOf(saved);
  }
}
