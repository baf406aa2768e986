package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.model.DiscoveredTenant;
import org.junit.jupiter.api.Test;

/** Discovery of a large partner under throttling, on the adapter's own shared threads. */
class LargeDiscoveryTest extends GraphTestBase {

  private static Set<Thread> discoveryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("entrasync-graph-discovery-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  void twoThousandCustomersAreDiscoveredWhileEveryTenthGraphRequestIsThrottled() {
    for (int i = 0; i < 1997; i++) {
      directory.addTenant(String.format("d15c0000-0000-4000-8000-%012d", i), "Customer " + i, "customer" + i + ".example");
    }
    connect();
    emulator.retryAfterSeconds(0).throttleGraphEvery(10);

    List<DiscoveredTenant> tenants = adapter.directoryGateway().listManagedTenants(MSP);

    assertThat(tenants).hasSize(2000);
    assertThat(tenants).allSatisfy(t -> assertThat(t.primaryDomain()).as(t.id().value()).isNotNull());
    assertThat(emulator.requests(c -> c.isGraph() && c.status() == 429)).hasSizeGreaterThan(300);
  }

  @Test
  void discoveryReusesTheAdaptersThreadsInsteadOfStartingAPoolPerCall() {
    connect();
    adapter.directoryGateway().listManagedTenants(MSP);
    Set<Thread> afterFirst = discoveryThreads();
    adapter.directoryGateway().listManagedTenants(MSP);
    Set<Thread> afterSecond = discoveryThreads();

    assertThat(afterFirst).as("the threads outlive the call").isNotEmpty();
    assertThat(afterSecond).containsAll(afterFirst).hasSizeLessThanOrEqualTo(config().build().discoveryConcurrency());
  }

  @Test
  void everyNthThrottleCountsGraphRequestsOnly() {
    connect();
    emulator.retryAfterSeconds(0).throttleGraphEvery(2);
    adapter.directoryGateway().listManagedTenants(MSP);
    assertThat(emulator.requests(GraphEmulator.Call::isToken)).noneMatch(c -> c.status() == 429);
  }
}
