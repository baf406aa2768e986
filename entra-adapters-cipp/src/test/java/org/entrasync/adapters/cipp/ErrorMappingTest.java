package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;

class ErrorMappingTest extends EmulatorTestBase {

  @Test
  void unauthorizedWithoutAClientAsksToRotateTheCredentialAndIsNotRetried() {
    emulator.revokeToken(TOKEN);

    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((CredentialRejectedException) e).remedy())
            .isEqualTo(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL))
        .satisfies(e -> assertThat(((CredentialRejectedException) e).isRetryable()).isFalse())
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("rotate the CIPP API credential")
        .hasMessageNotContaining(TOKEN);
    assertThat(emulator.requests("ListTenants")).hasSize(1);
    assertThat(emulator.requests("ListTenants").get(0).status()).isEqualTo(401);
  }

  @Test
  void rejectTokenFaultIsTheSameAsARevokedToken() {
    emulator.fault(Fault.REJECT_TOKEN, 1);
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(CredentialRejectedException.class)
        .hasMessageContaining("rotate the CIPP API credential");
    emulator.clearFaults();
    assertThat(list(ACME, ListingRequest.full(10)).users()).hasSize(5);
  }

  @Test
  void forbiddenSurfacesCippsText() {
    emulator.fault(Fault.FORBIDDEN, 1);
    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("Access to this CIPP API endpoint is not allowed")
        .hasMessageContaining("Identity.User.Read")
        .hasMessageContaining("readonly suffices")
        .hasMessageContaining("IP address");
    assertThat(emulator.requests("ListTenants")).hasSize(1);
  }

  @Test
  void aTenantBlockedByTheClientsRoleIsThatTenantsProblemOnly() {
    emulator.fault(Fault.TENANT_FORBIDDEN, 1, "ListGraphRequest");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(ConsentMissingException.class)
        .satisfies(e -> assertThat(((ConsentMissingException) e).tenantId()).isEqualTo(EntraTenantId.of(ACME)))
        .hasMessageContaining("Access to this tenant is not allowed");
    assertThat(list(ACME, ListingRequest.full(10)).users()).hasSize(5); // the connection still works
  }

  @Test
  void notFoundMeansAWrongBaseUrlOrCippVersion() {
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, emulator.baseUrl() + "/not-cipp");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("Endpoint not found")
        .hasMessageContaining("base URL is probably wrong")
        .hasMessageContaining("https://cipp-xxxx.azurewebsites.net")
        .hasMessageContaining("CIPP version");
  }

  @Test
  void throttlingIsRetriedWithBackoffAndRecovers() {
    emulator.fault(Fault.THROTTLE, 2, "ListGraphRequest");
    Pages pages = list(ACME, ListingRequest.full(10));
    assertThat(pages.users()).hasSize(5);
    assertThat(emulator.requests("ListGraphRequest")).extracting(r -> r.status()).containsExactly(400, 400, 200);
  }

  @Test
  void persistentThrottlingEndsRetryableAfterTheConfiguredAttempts() {
    emulator.fault(Fault.THROTTLE, 10, "ListGraphRequest");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("throttling")
        .hasMessageContaining("Too many requests");
    assertThat(emulator.requests("ListGraphRequest")).hasSize(FAST_BACKGROUND.maxAttempts());
  }

  @Test
  void otherServerErrorsAreRetryable() {
    emulator.fault(Fault.UNAVAILABLE, 5, "ListTenants");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("Function host is not running");
    assertThat(emulator.requests("ListTenants")).hasSize(FAST_INTERACTIVE.maxAttempts());

    emulator.clearFaults().fault(Fault.SERVER_ERROR, 1, "ListTenants");
    assertThat(gateway.validate(MSP)).isEqualTo(3);
  }

  @Test
  void aMalformedBodyIsRetryableWithAClearMessage() {
    emulator.fault(Fault.MALFORMED, 3, "ListGraphRequest");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("truncated or malformed ListGraphRequest response")
        .hasMessageContaining("Nothing was inferred");

    emulator.clearFaults().fault(Fault.MALFORMED, 3, "ListTenants");
    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("truncated or malformed ListTenants response");
  }

  @Test
  void aTruncatedTenantListIsRetried() {
    emulator.fault(Fault.TRUNCATED, 1, "ListTenants");
    assertThat(gateway.listManagedTenants(MSP)).hasSize(3);
    assertThat(emulator.requests("ListTenants")).hasSize(2);
  }

  @Test
  void aSlowAnswerTimesOutRetryably() {
    emulator.slowDelay(Duration.ofMillis(1500)).fault(Fault.SLOW, 1, "ListTenants");
    try (CippDirectoryGateway impatient = new CippDirectoryGateway(secrets,
        config().readTimeout(Duration.ofMillis(300)).interactiveRetryPolicy(UpstreamRetryPolicy.NONE).build())) {
      assertThatThrownBy(() -> impatient.validate(MSP))
          .isInstanceOf(EntraUnavailableException.class)
          .hasMessageContaining("did not answer ListTenants within the read timeout");
    }
    // with retries, the next attempt is answered promptly
    emulator.fault(Fault.SLOW, 1, "ListTenants");
    try (CippDirectoryGateway patient = new CippDirectoryGateway(secrets,
        config().readTimeout(Duration.ofMillis(300)).build())) {
      assertThat(patient.validate(MSP)).isEqualTo(3);
    }
  }

  @Test
  void anUnreachableHostIsRetryable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, "http://127.0.0.1:" + closedPort);
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("Could not connect to CIPP-API at 127.0.0.1");
  }

  @Test
  void anHtmlPageIsNotCippApi() {
    emulator.respondOnce("ListTenants", 200, "text/html", "<!doctype html><html><body>CIPP</body></html>");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("HTML page")
        .hasMessageContaining("https://cipp-xxxx.azurewebsites.net");
    emulator.respondOnce("ListGraphRequest", 200, "text/html", "<html></html>");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("HTML page");
  }

  @Test
  void aRedirectIsNotFollowed() {
    emulator.respondOnce("ListTenants", 302, "text/html", "");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("redirect")
        .hasMessageContaining("front end");
  }

  @Test
  void missingConsentReportedAsA500IsThatTenantsProblem() {
    emulator.respondOnce("ListGraphRequest", 500, "text/plain",
        "Could not get token: AADSTS65001: The user or administrator has not consented to use the application");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(ConsentMissingException.class)
        .hasMessageContaining("AADSTS65001");
  }

  @Test
  void anUnrecognisedGraphErrorIsTemporary() {
    emulator.respondOnce("ListGraphRequest", 400, "text/plain", "Graph Error: Exception at x.ps1:1 - Service"
        + " unavailable, try again later. - Endpoint: users");
    assertThat(list(ACME, ListingRequest.full(10)).users()).hasSize(5); // retried
    emulator.respondOnce("ListGraphRequest", 400, "text/plain", "Bad request: no Endpoint given");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("HTTP 400");
  }

  @Test
  void aDisabledFeatureIsNotRetried() {
    emulator.respondOnce("ListGraphRequest", 503, "text/plain", "This feature has been disabled: ListUsers");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isExactlyInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("Enable the feature");
    assertThat(emulator.requests("ListGraphRequest")).hasSize(1);
  }
}
