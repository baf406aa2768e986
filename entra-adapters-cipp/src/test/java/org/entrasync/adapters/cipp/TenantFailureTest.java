package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tenant CIPP cannot read fails alone, with its own remedy and without retries; only CIPP's own
 * broken access to Microsoft fails the connection. The emulator answers each text as real CIPP does
 * on the paged route: HTTP 400 {@code Graph Error: <normalized text> - Endpoint: users}.
 */
class TenantFailureTest extends EmulatorTestBase {

  @ParameterizedTest(name = "{1} <- {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Could not get token: invalid_grant:AADSTS50020: User account 'svc@msp.example' from identity provider does not exist in tenant 'Acme'. | FIX_GDAP
      Could not get token: invalid_grant:AADSTS50177: User account is from an external tenant.            | FIX_GDAP
      Insufficient privileges to complete the operation.                                                  | FIX_GDAP
      Could not get token: unauthorized_client:AADSTS700016: Application with identifier 'x' was not found in the directory 'Acme'. | GRANT_CONSENT
      Could not get token: invalid_grant:AADSTS65001: The user or administrator has not consented to use the application. | GRANT_CONSENT
      Could not get token: invalid_grant:AADSTS53003: Access has been blocked by Conditional Access policies. | CONDITIONAL_ACCESS
      """)
  void aTenantCippCannotReadFailsAloneWithItsRemedy(String text, ConsentMissingException.Remedy remedy) {
    emulator.tenantError(ACME, text);

    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOfSatisfying(ConsentMissingException.class, e -> {
          assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(ACME));
          assertThat(e.remedy()).isEqualTo(remedy);
          assertThat(e.isRetryable()).isFalse();
        })
        .hasMessageContaining(ACME);
    assertThat(emulator.requests("ListGraphRequest")).hasSize(1); // not retried
    assertThat(list(CEDAR, ListingRequest.full(10)).outcome.complete()).isTrue(); // the others are fine
    assertThat(gateway.validate(MSP)).isEqualTo(3); // and so is the connection
  }

  @Test
  void theRemediesSayWhatToDo() {
    emulator.tenantError(ACME, "Could not get token: invalid_grant:AADSTS53003: Access has been blocked.");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10))).hasMessageContaining("Conditional Access policy")
        .hasMessageNotContaining("sign in again");
    emulator.tenantError(ACME, "Insufficient privileges to complete the operation.");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10))).hasMessageContaining("GDAP relationship")
        .hasMessageContaining("Insufficient privileges");
  }

  @Test
  void cippsOwnExpiredRefreshTokenBreaksTheConnectionAndAsksForCippsSetup() {
    emulator.tenantError(ACME, "Could not get token: invalid_grant:AADSTS700082: The refresh token has expired due"
        + " to inactivity.");

    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.FIX_CIPP_APP_SETUP))
        // on the paged route CIPP has replaced the code by its own sentence
        .hasMessageContaining("CIPP user access token has expired")
        .hasMessageContaining("SAM Setup Wizard");
    assertThat(emulator.requests("ListGraphRequest")).hasSize(1);
  }

  @Test
  void cippsErrorRowWithAnExpiredRefreshTokenAsksForCippsSetupToo() {
    emulator.tenantListError("Could not get token: invalid_grant:AADSTS700082: The refresh token has expired");
    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.FIX_CIPP_APP_SETUP))
        .hasMessageContaining("AADSTS700082");
  }

  @Test
  void anythingElseIsTemporaryAndRetried() {
    emulator.tenantError(ACME, "Could not get token: invalid_grant:AADSTS9002313: Invalid request.");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(10)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("AADSTS9002313");
    assertThat(emulator.requests("ListGraphRequest")).hasSize(FAST_BACKGROUND.maxAttempts());
    emulator.clearFaults();
    assertThat(list(ACME, ListingRequest.full(10)).users()).hasSize(5);
  }
}
