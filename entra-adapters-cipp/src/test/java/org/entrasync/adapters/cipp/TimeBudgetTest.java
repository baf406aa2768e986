package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CIPP's ListUsers builds the whole tenant before its first byte and Azure cuts an answer at 230 s,
 * so a large tenant cannot be listed in one answer. The emulator scales that down: 1 ms of CIPP work
 * per user and a cut at 150 ms, so a 400-user tenant needs 400 ms in one answer.
 */
class TimeBudgetTest extends EmulatorTestBase {
  private static final String LARGE = "7e57a000-5555-4d55-8d55-000000000055";

  @BeforeEach
  void aLargeTenantAndAnAzureCut() {
    directory.addTenant(LARGE, "Large Tenant", "large.example").addSyntheticUsers("c0000000", 400);
    emulator.buildTimePerUser(Duration.ofMillis(1)).responseCut(Duration.ofMillis(150));
  }

  @Test
  void aTenantTooLargeForOneAnswerIsListedPageByPage() {
    Pages pages = list(LARGE, ListingRequest.full(100)); // a page of 100 users takes 100 ms

    assertThat(pages.users()).hasSize(400);
    assertThat(pages.ids()).doesNotHaveDuplicates();
    assertThat(pages.outcome.complete()).isTrue();
  }

  @ParameterizedTest(name = "cut by disconnect: {0}")
  @ValueSource(booleans = {false, true})
  void anAnswerAzureCutIsUpstreamTooSlowAndNamesTheRemedy(boolean disconnect) {
    emulator.cutByDisconnect(disconnect);
    try (CippDirectoryGateway g = new CippDirectoryGateway(secrets, config()
        .responseCutoff(Duration.ofMillis(150)).retryPolicy(UpstreamRetryPolicy.NONE).build())) {
      // one page of 400 users would need 400 ms: longer than the cut
      assertThatThrownBy(() -> list(g, LARGE, ListingRequest.full(999)))
          .isInstanceOf(EntraUnavailableException.class)
          .hasMessageContaining("too slow")
          .hasMessageContaining("230 s")
          .hasMessageContaining("lower the page size")
          .hasMessageContaining("now 999");
    }
  }

  @Test
  void eachRequestAsksForOnePageOfTheRequestedSize() {
    list(LARGE, ListingRequest.full(100));
    assertThat(emulator.requests("ListGraphRequest")).hasSize(4)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(emulator.requests("ListUsers")).isEmpty();
  }
}
