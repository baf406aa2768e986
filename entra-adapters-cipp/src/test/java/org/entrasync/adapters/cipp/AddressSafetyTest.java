package org.entrasync.adapters.cipp;

import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The CIPP base URL is typed by an operator of a multi-tenant host: it must not reach the host's
 * own network (cloud metadata, internal services, loopback). Loopback is allowed only when the
 * configuration says so (tests and the example host do, for the emulator).
 */
class AddressSafetyTest extends EmulatorTestBase {

  private CippDirectoryGateway production() {
    return new CippDirectoryGateway(secrets, config().allowLoopback(false).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://169.254.169.254",            // cloud metadata (link-local)
    "https://10.0.0.5:8443",              // private
    "https://172.16.3.4",                 // private
    "https://192.168.1.10",               // private
    "https://100.64.0.7",                 // carrier-grade NAT
    "https://0.0.0.0",                    // unspecified
    "https://[fd12:3456:789a::1]",        // unique local (ULA)
    "https://[fe80::1]",                  // link-local
    "https://[::ffff:10.0.0.5]",          // IPv4-mapped private
    "https://[64:ff9b::a00:5]",           // NAT64 of 10.0.0.5
    "https://localhost:9200",             // loopback by name
    "http://localhost:9200",              // loopback, plain http
    "https://127.0.0.1",                  // loopback
    "https://[::1]",                      // loopback
  })
  void anAddressInsideTheHostsNetworkIsRefusedBeforeAnyRequest(String url) {
    try (CippDirectoryGateway g = production()) {
      assertThatThrownBy(() -> g.validate(CippCredentials.withToken(url, TOKEN)))
          .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.VALIDATION))
          .hasMessageContaining("not a public address");
    }
  }

  @Test
  void theEmulatorsLoopbackAddressIsRefusedUnlessTheConfigurationAllowsIt() {
    try (CippDirectoryGateway g = production()) {
      assertThatThrownBy(() -> g.validate(CippCredentials.withToken(emulator.baseUrl(), TOKEN)))
          .isInstanceOf(RefusedException.class);
      // a stored connection to such an address fails the call, without a retry, and reaches nothing
      assertThatThrownBy(() -> g.listManagedTenants(MSP))
          .isInstanceOf(EntraRejectedException.class)
          .satisfies(e -> assertThat(((EntraRejectedException) e).isRetryable()).isFalse())
          .hasMessageContaining("not a public address");
    }
    assertThat(emulator.requests()).isEmpty();
    assertThat(gateway.validate(CippCredentials.withToken(emulator.baseUrl(), TOKEN))).isEqualTo(3); // allowed
  }

  @Test
  void aNameThatResolvesToAPrivateAddressLaterIsNotConnectedTo() {
    // DNS rebinding: the check sees a public address, the connection would get the loopback one
    AtomicInteger lookups = new AtomicInteger();
    int port = Integer.parseInt(emulator.baseUrl().replaceAll(".*:", ""));
    try (CippDirectoryGateway g = new CippDirectoryGateway(secrets, config().allowLoopback(false)
        .hostResolver(host -> {
          if (!host.equals("cipp.rebind.example")) {
            throw new UnknownHostException(host);
          }
          return List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "203.0.113.10" : "127.0.0.1"));
        }).build())) {
      secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, "https://cipp.rebind.example:" + port);
      assertThatThrownBy(() -> g.validate(MSP)).isInstanceOf(EntraRejectedException.class)
          .hasMessageContaining("not a public address");
    }
    assertThat(lookups.get()).isGreaterThanOrEqualTo(1);
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void anAnswerThatDoesNotLookLikeCippIsNeverQuoted() {
    for (int attempt = 0; attempt < FAST_INTERACTIVE.maxAttempts(); attempt++) {
      emulator.respondOnce("ListTenants", 500, "text/plain", "DB_PASSWORD=hunter2\nREDIS_URL=redis://10.0.0.9");
    }
    assertThatThrownBy(() -> gateway.validate(MSP))
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("not quoted")
        .hasMessageNotContaining("DB_PASSWORD")
        .hasMessageNotContaining("hunter2");
    emulator.respondOnce("ListTenants", 403, "application/xml", "<Error><Secret>s3cr3t</Secret></Error>");
    assertThatThrownBy(() -> gateway.validate(MSP)).hasMessageNotContaining("s3cr3t");
    // CIPP's own texts are still quoted
    emulator.respondOnce("ListTenants", 503, "text/plain", "This feature has been disabled: ListTenants");
    assertThatThrownBy(() -> gateway.validate(MSP)).hasMessageContaining("This feature has been disabled");
  }

  @Test
  void aRedirectIsNeverFollowedSoTheBearerTokenGoesNowhereElse() {
    emulator.respondOnce("ListTenants", 307, "text/plain", "");
    assertThatThrownBy(() -> gateway.validate(MSP)).isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("redirect");
    assertThat(emulator.requests()).hasSize(1);
  }
}
