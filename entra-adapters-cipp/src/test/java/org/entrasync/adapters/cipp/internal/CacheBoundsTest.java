package org.entrasync.adapters.cipp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.UnknownHostException;
import java.time.Duration;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.junit.jupiter.api.Test;

/** The adapter's caches stay bounded however many CIPP URLs and clients pass through one instance. */
class CacheBoundsTest {

  @Test
  void theRetrofitClientPerBaseUrlIsBounded() {
    CippConnectionConfig config = CippConnectionConfig.builder()
        .retryPolicy(UpstreamRetryPolicy.NONE)
        .interactiveRetryPolicy(UpstreamRetryPolicy.NONE)
        .connectTimeout(Duration.ofMillis(200))
        .hostResolver(host -> {
          throw new UnknownHostException(host); // nothing is reached; only the caches matter
        })
        .build();
    try (CippClient client = new CippClient(config)) {
      for (int i = 0; i < 3 * CippClient.MAX_CACHED_BASE_URLS; i++) {
        CippConnection c = CippConnection.withToken("https://cipp-" + i + ".azurewebsites.net", "token-" + i);
        catchThrowable(() -> client.listTenants(c));
      }
      assertThat(client.cachedBaseUrls()).isEqualTo(CippClient.MAX_CACHED_BASE_URLS);
    }
  }

  @Test
  void theTokenSlotPerApiClientIsBounded() {
    try (CippEmulator emulator = new CippEmulator(new EmulatedDirectory()).start();
        CippClient client = new CippClient(CippConnectionConfig.builder().tokenAuthority(emulator.tokenAuthority())
            .allowLoopback(true).build())) {
      String tenant = "4d3c2b1a-0000-4000-8000-00000000a5a5";
      for (int i = 0; i < BearerTokens.MAX_CACHED_CLIENTS + 20; i++) {
        String clientId = String.format("6f1c2d3e-4a5b-4c6d-8e9f-%012d", i);
        emulator.registerClient(clientId, "secret-" + i, tenant);
        assertThat(client.listTenants(CippConnection.withClient(emulator.baseUrl(), clientId, "secret-" + i, tenant)))
            .isEmpty();
      }
      assertThat(client.cachedTokenSlots()).isEqualTo(BearerTokens.MAX_CACHED_CLIENTS);
    }
  }

  @Test
  void aBoundedLruDropsTheLeastRecentlyUsed() {
    BoundedLru<String, Integer> lru = new BoundedLru<>(2);
    lru.computeIfAbsent("a", k -> 1);
    lru.computeIfAbsent("b", k -> 2);
    lru.computeIfAbsent("a", k -> 99); // used again: stays, keeps its value
    lru.computeIfAbsent("c", k -> 3); // evicts b
    assertThat(lru.size()).isEqualTo(2);
    assertThat(lru.computeIfAbsent("a", k -> 0)).isEqualTo(1);
    assertThat(lru.computeIfAbsent("b", k -> 4)).isEqualTo(4); // recomputed
  }
}
