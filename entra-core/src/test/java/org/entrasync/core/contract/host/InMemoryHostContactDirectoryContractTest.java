package org.entrasync.core.contract.host;

import org.entrasync.core.fakes.InMemoryHostContactDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;

/** The in-memory fake honours the host contact directory contract, with and without unique emails. */
class InMemoryHostContactDirectoryContractTest extends HostContactDirectoryContract {
  private InMemoryHostContactDirectory unique;
  private int clients;

  @Override
  protected HostContactDirectory newDirectory() {
    unique = new InMemoryHostContactDirectory(true);
    return new InMemoryHostContactDirectory(false);
  }

  @Override
  protected String createClient(MspTenantId msp, String name) {
    return "client-" + (++clients) + "-" + name.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  protected HostContactDirectory directoryWithUniqueEmails() {
    return unique;
  }
}
