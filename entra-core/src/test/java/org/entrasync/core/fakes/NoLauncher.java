package org.entrasync.core.fakes;

import java.time.Duration;
import java.util.Optional;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.spi.MspTenantId;

/** A launcher for hosts and tests that start no workflow: a start is a test failure. */
public class NoLauncher implements SyncLauncher {
  @Override
  public LaunchedRun startSync(MspTenantId msp, SyncKind kind, String clientId, boolean dryRun, String initiatedBy) {
    throw new AssertionError("no sync expected");
  }

  @Override
  public LaunchedRun startDiscovery(MspTenantId msp, String initiatedBy) {
    throw new AssertionError("no discovery expected");
  }

  @Override
  public boolean belongsTo(LaunchedRun run, MspTenantId msp) {
    return false;
  }

  @Override
  public Optional<RunStatus> awaitCompletion(LaunchedRun run, Duration timeout) {
    return Optional.empty();
  }

  @Override
  public int cancelRunning(MspTenantId msp) {
    return 0; // nothing runs
  }
}
