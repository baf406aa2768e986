package org.entrasync.core.fakes;

import org.entrasync.core.contract.SyncRunRepositoryContract;
import org.entrasync.core.port.out.SyncRunRepository;

class InMemorySyncRunRepositoryContractTest extends SyncRunRepositoryContract {
  private final InMemorySyncRunRepository runs = new InMemorySyncRunRepository();

  @Override
  protected SyncRunRepository syncRuns() {
    return runs;
  }
}
