package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the adapter keeps in memory per MSP and customer tenant is bounded, and expired tokens go. */
class BoundedCachesTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
  }

  @Test
  void customerTokensAndSdkClientsAreBounded() {
    adapter = newAdapter(config().maxCachedTenants(2).build());
    list(FABRIKAM, ListingRequest.full(999));
    list(NORTHWIND, ListingRequest.full(999));
    list(CONTOSO, ListingRequest.full(999));

    assertThat(adapter.runtime().customerTokens.cachedCount()).isLessThanOrEqualTo(2);
    assertThat(adapter.runtime().cachedClientCount()).isLessThanOrEqualTo(2);
    // an evicted tenant is simply read again
    assertThat(list(FABRIKAM, ListingRequest.full(999)).changes()).hasSize(5);
  }

  @Test
  void expiredCustomerTokensArePruned() {
    list(FABRIKAM, ListingRequest.full(999));
    list(NORTHWIND, ListingRequest.full(999));
    assertThat(adapter.runtime().customerTokens.cachedCount()).isEqualTo(2);

    clock.advance(Duration.ofHours(3));
    emulator.clock(clock);
    list(CONTOSO, ListingRequest.full(999));

    assertThat(adapter.runtime().customerTokens.cachedCount()).isEqualTo(1);
  }

  @Test
  void partnerTokenBookkeepingIsBoundedAcrossManyMspTenants() {
    for (int i = 0; i < 50; i++) {
      adapter.runtime().partnerTokens.rejected(MspTenantId.of("msp-many-" + i), "token-" + i);
    }
    assertThat(adapter.runtime().partnerTokens.trackedTenantCount()).isLessThanOrEqualTo(50);
    adapter = newAdapter(config().maxCachedTenants(10).build());
    for (int i = 0; i < 50; i++) {
      adapter.runtime().partnerTokens.rejected(MspTenantId.of("msp-many-" + i), "token-" + i);
    }
    assertThat(adapter.runtime().partnerTokens.trackedTenantCount()).isLessThanOrEqualTo(10);
  }
}
