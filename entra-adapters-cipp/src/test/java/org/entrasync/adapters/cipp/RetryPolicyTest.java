package org.entrasync.adapters.cipp;

import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.Test;

/** The adapter runs every call under the shared {@link UpstreamRetryPolicy}s of core. */
class RetryPolicyTest extends EmulatorTestBase {

  @Test
  void theDefaultsAreTheSharedPolicies() {
    CippConnectionConfig defaults = CippConnectionConfig.defaults();
    assertThat(defaults.retryPolicy()).isEqualTo(UpstreamRetryPolicy.BACKGROUND);
    assertThat(defaults.interactiveRetryPolicy()).isEqualTo(UpstreamRetryPolicy.INTERACTIVE);
  }

  @Test
  void aLongRetryAfterIsHandedBackAtOnceWithItsDelay() {
    emulator.retryAfterSeconds(30).fault(Fault.TOO_MANY_REQUESTS, 5);

    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOfSatisfying(EntraUnavailableException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)))
        .hasMessageContaining("HTTP 429");
    assertThat(emulator.requests()).hasSize(1); // not slept in process: Temporal waits
  }

  @Test
  void aShortRetryAfterIsWaitedInProcess() {
    emulator.retryAfterSeconds(0).fault(Fault.TOO_MANY_REQUESTS, 1);
    assertThat(list(ACME, ListingRequest.full(10)).users()).hasSize(5);
    assertThat(emulator.requests()).extracting(r -> r.status()).containsExactly(429, 200);
  }

  @Test
  void backgroundCallsUseTheBackgroundPolicy() {
    emulator.fault(Fault.UNAVAILABLE, 10, "ListTenants");
    assertThatThrownBy(() -> gateway.listManagedTenants(MSP)).isInstanceOf(EntraUnavailableException.class);
    assertThat(emulator.requests("ListTenants")).hasSize(FAST_BACKGROUND.maxAttempts());
  }

  @Test
  void validationUsesTheInteractivePolicySoASettingsFormAnswersQuickly() {
    emulator.fault(Fault.UNAVAILABLE, 10, "ListTenants");
    assertThatThrownBy(() -> gateway.validate(MSP)).isInstanceOf(EntraUnavailableException.class);
    assertThat(emulator.requests("ListTenants")).hasSize(FAST_INTERACTIVE.maxAttempts());

    emulator.clearLog();
    assertThatThrownBy(() -> gateway.validate(CippCredentials.withToken(emulator.baseUrl(), TOKEN)))
        .isInstanceOf(EntraUnavailableException.class);
    assertThat(emulator.requests("ListTenants")).hasSize(FAST_INTERACTIVE.maxAttempts());
  }
}
