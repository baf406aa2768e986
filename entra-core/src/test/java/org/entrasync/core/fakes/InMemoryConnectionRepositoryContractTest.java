package org.entrasync.core.fakes;

import org.entrasync.core.contract.ConnectionRepositoryContract;
import org.entrasync.core.port.out.ConnectionRepository;

class InMemoryConnectionRepositoryContractTest extends ConnectionRepositoryContract {
  private final InMemoryConnectionRepository connections = new InMemoryConnectionRepository();

  @Override
  protected ConnectionRepository connections() {
    return connections;
  }
}
