package org.entrasync.core.contract.host;

import java.util.List;
import org.entrasync.core.fakes.InMemoryHostClientDirectory;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;

/** The in-memory fake honours the host client directory contract. */
class InMemoryHostClientDirectoryContractTest extends HostClientDirectoryContract {
  private InMemoryHostClientDirectory fake;
  private int seeded;

  @Override
  protected HostClientDirectory newDirectory() {
    fake = new InMemoryHostClientDirectory();
    return fake;
  }

  @Override
  protected String seedClient(MspTenantId msp, String name, List<String> websites, String billingEmail,
      List<String> inboundEmailDomains) {
    String id = "seeded-" + (++seeded);
    fake.add(msp, new HostClient(id, name, websites, billingEmail, inboundEmailDomains));
    return id;
  }
}
