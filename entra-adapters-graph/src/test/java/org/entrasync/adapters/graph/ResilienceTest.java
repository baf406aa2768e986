package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilienceTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.retryAfterSeconds(0);
    emulator.clearRequests();
  }

  private List<Integer> statuses(String prefix) {
    return emulator.graphRequests(prefix).stream().map(GraphEmulator.Call::status).collect(Collectors.toList());
  }

  @Test
  void aThrottlingStormThatEndsIsRiddenOut() {
    emulator.throttleGraph(3);
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThat(statuses("/tenantRelationships")).containsExactly(429, 429, 429, 200);
  }

  @Test
  void retryAfterIsHonoured() {
    emulator.retryAfterSeconds(1).throttleGraph(1);
    long started = System.nanoTime();
    adapter.directoryGateway().validate(MSP);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(statuses("/tenantRelationships")).containsExactly(429, 200);
  }

  @Test
  void aThrottlingStormThatLastsEndsInARetryableUnavailableError() {
    emulator.retryAfterSeconds(1).throttleGraph(100);
    adapter = newAdapter(withAttempts(2).build());
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        })
        .hasMessageContaining("throttling")
        .hasMessageContaining("429");
    assertThat(statuses("/tenantRelationships")).containsExactly(429, 429);
  }

  @Test
  void aRetryAfterLongerThanTheMaximumBackoffIsHandedToTheCaller() {
    emulator.retryAfterSeconds(120).throttleGraph(1);
    long started = System.nanoTime();
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(EntraUnavailableException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(statuses("/tenantRelationships")).containsExactly(429);
  }

  @Test
  void serviceUnavailableIsRetriedAndCanRecover() {
    emulator.unavailableGraph(2);
    Listing listing = list(FABRIKAM, ListingRequest.full(999));
    assertThat(listing.changes()).hasSize(5);
    assertThat(emulator.requests(GraphEmulator.Call::isGraph).stream().filter(c -> c.status() == 503)).hasSize(2);
  }

  @Test
  void serviceUnavailableThatLastsEndsInAnUnavailableError() {
    emulator.unavailableGraph(100);
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.full(999)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("503");
    // first attempt + 3 retries, on the first Graph call of the listing
    assertThat(emulator.requests(GraphEmulator.Call::isGraph)).hasSize(4);
  }

  @Test
  void aPagingChainCutOffOnceIsRetried() {
    emulator.truncatePaging(1);
    Listing listing = list(FABRIKAM, ListingRequest.full(2));
    assertThat(listing.changes()).hasSize(5);
    assertThat(listing.outcome().complete()).isTrue();
    assertThat(statuses("/users").stream().filter(s -> s == 500)).hasSize(1);
  }

  @Test
  void aPagingChainCutOffForGoodFailsAndResumesFromTheLastCursor() {
    emulator.truncatePaging(100);
    List<DirectoryPage> pages = new ArrayList<>();
    assertThatThrownBy(() -> adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM),
        ListingRequest.full(2), pages::add))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("500");
    assertThat(pages).hasSize(1);
    String cursor = pages.get(pages.size() - 1).resumeCursor();

    emulator.clearFaults();
    Listing rest = list(FABRIKAM, ListingRequest.full(2).resumingAt(cursor));
    List<DirectoryChange> all = new ArrayList<>(pages.get(0).changes());
    all.addAll(rest.changes());
    assertThat(all).extracting(c -> c.objectId().value())
        .containsExactly(userId(1, 1), userId(1, 2), userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(rest.pages()).extracting(DirectoryPage::index).containsExactly(1, 2);
    assertThat(rest.outcome().complete()).isTrue();
  }

  @Test
  void malformedJsonOnceIsRetried() {
    emulator.malformedGraph(1);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
  }

  @Test
  void malformedJsonThatPersistsIsAnUnavailableError() {
    emulator.malformedGraph(100);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("unreadabl");
  }

  @Test
  void aThrottledTokenEndpointIsRetried() {
    emulator.throttleIdentity(2);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    assertThat(emulator.tokenRequests(CONTOSO)).extracting(GraphEmulator.Call::status).containsExactly(429, 429, 200);
  }

  @Test
  void aMalformedTokenAnswerIsRetried() {
    emulator.malformedIdentity(1);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(2);
  }

  @Test
  void readTimeoutsAreConfigurableAndRetryable() {
    adapter = newAdapter(withAttempts(1).readTimeout(Duration.ofMillis(200)).build());
    emulator.tokenLatency(Duration.ofMillis(1500));
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("SocketTimeoutException");
    emulator.tokenLatency(Duration.ZERO);
  }

  @Test
  void aCallThatWouldOutlastTheRetryBudgetIsHandedBackRetryable() {
    emulator.retryAfterSeconds(1).throttleGraph(100);
    GraphConnectionConfig base = config().build();
    adapter = newAdapter(base.toBuilder()
        .retryPolicy(base.retryPolicy().withWaits(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(1500)))
        .build());
    assertThatThrownBy(() -> adapter.directoryGateway().listManagedTenants(MSP))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
    // waited once (1 s); a second wait would end past the 1.5 s budget
    assertThat(statuses("/tenantRelationships")).containsExactly(429, 429);
  }

  @Test
  void validationUsesTheInteractivePolicyAndDiscoveryTheBackgroundOne() {
    GraphConnectionConfig base = config().build();
    adapter = newAdapter(base.toBuilder()
        .interactiveRetryPolicy(base.interactiveRetryPolicy().withWaits(Duration.ofMillis(10), Duration.ofMillis(500), Duration.ofSeconds(2)))
        .build());
    emulator.retryAfterSeconds(1).throttleGraph(1);
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
    assertThat(statuses("/tenantRelationships")).containsExactly(429);

    emulator.clearRequests();
    emulator.throttleGraph(1);
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThat(statuses("/tenantRelationships")).containsExactly(429, 200);
  }

  @Test
  void aFractionalRetryAfterIsRead() {
    // Microsoft's throttling sample answers "Retry-After: 2.128" (concepts/throttling.md)
    emulator.throttleGraph(1, "2.128");
    adapter = newAdapter(withAttempts(1).build());
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(EntraUnavailableException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(2128)));
  }
}
