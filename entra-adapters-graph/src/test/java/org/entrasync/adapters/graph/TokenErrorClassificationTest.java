package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each class of token error, produced by the emulator, classified by the gateway. */
class TokenErrorClassificationTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.clearRequests();
  }

  /** Makes the next partner call refresh the partner token. */
  private void expirePartnerAccessToken() {
    clock.advance(Duration.ofHours(2));
  }

  private static Remedy remedyOf(Throwable t) {
    return ((CredentialRejectedException) t).remedy();
  }

  @ParameterizedTest
  @ValueSource(ints = {700082, 70008, 50173, 70043, 50132, 50133})
  void aDeadPartnerGrantNeedsThePartnerToSignInAgain(int aadsts) {
    emulator.revokeRefreshTokens(aadsts);
    expirePartnerAccessToken();
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.PARTNER_REAUTHENTICATION))
        .satisfies(e -> assertThat(((EntraRejectedException) e).isRetryable()).isFalse())
        .hasMessageContaining("AADSTS" + aadsts)
        .hasMessageContaining("partner admin must sign in again");
  }

  @Test
  void aRevokedGrantAlsoFailsCustomerTokensAsAPartnerProblem() {
    emulator.revokeRefreshTokens(50173);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.PARTNER_REAUTHENTICATION));
    // and discovery stops: the whole connection is affected
    expirePartnerAccessToken();
    assertThatThrownBy(() -> adapter.directoryGateway().listManagedTenants(MSP))
        .isInstanceOf(CredentialRejectedException.class);
  }

  @Test
  void anyInvalidGrantOnThePartnerTokenNeedsThePartnerToSignInAgain() {
    emulator.tokenError("partner", 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
    expirePartnerAccessToken();
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.PARTNER_REAUTHENTICATION));
  }

  @Test
  void oneTenantWithoutConsentFailsAloneWhileTheOthersWork() {
    emulator.consentMissing(NORTHWIND);

    List<DiscoveredTenant> tenants = adapter.directoryGateway().listManagedTenants(MSP);
    assertThat(tenants).extracting(t -> t.id().value()).containsExactly(FABRIKAM, NORTHWIND, CONTOSO);
    DiscoveredTenant northwind = tenants.get(1);
    assertThat(northwind.displayName()).isEqualTo("Northwind Plumbing");
    assertThat(northwind.primaryDomain()).isNull();
    assertThat(northwind.userCount()).isNull();
    assertThat(tenants.get(0).primaryDomain()).isEqualTo("fabrikamdental.example");

    assertThatThrownBy(() -> list(NORTHWIND, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(NORTHWIND)))
        .hasMessageStartingWith("consent missing in " + NORTHWIND + ":")
        .hasMessageContaining("AADSTS65001");
    assertThat(list(FABRIKAM, ListingRequest.full(999)).changes()).hasSize(5);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    // the connection itself is fine
    assertThat(adapter.directoryGateway().validate(MSP)).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource({
    "700016, GRANT_CONSENT", "65001, GRANT_CONSENT", "50020, FIX_GDAP", "50177, FIX_GDAP", "530034, FIX_GDAP",
    "90002, FIX_GDAP", "53003, CONDITIONAL_ACCESS"})
  void aCustomerTenantsTokenErrorFailsOnlyThatTenantWithItsOwnRemedy(int aadsts, ConsentMissingException.Remedy remedy) {
    emulator.customerTokenError(NORTHWIND, aadsts);
    assertThatThrownBy(() -> list(NORTHWIND, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class, e -> {
          assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(NORTHWIND));
          assertThat(e.remedy()).isEqualTo(remedy);
          assertThat(e.isRetryable()).isFalse();
        })
        .hasMessageContaining(NORTHWIND)
        .hasMessageContaining("AADSTS" + aadsts)
        .hasMessageContaining("other tenants are not affected");
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThat(adapter.directoryGateway().validate(MSP)).isEqualTo(3);
  }

  @Test
  void aCustomerWhoseRelationshipEndedIsStillListedAndFailsAloneAskingForGdap() {
    emulator.endRelationship(CONTOSO);
    List<DiscoveredTenant> tenants = adapter.directoryGateway().listManagedTenants(MSP);
    assertThat(tenants).extracting(t -> t.id().value()).contains(CONTOSO);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.FIX_GDAP))
        .hasMessageContaining("GDAP");
    assertThat(list(FABRIKAM, ListingRequest.full(999)).changes()).hasSize(5);
  }

  @Test
  void graphDenyingOneTenantIsThatTenantsProblem() {
    emulator.forbidTenant(CONTOSO);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(CONTOSO)))
        .hasMessageStartingWith("consent missing in " + CONTOSO)
        .hasMessageContaining("Authorization_RequestDenied");
    List<DiscoveredTenant> tenants = adapter.directoryGateway().listManagedTenants(MSP);
    assertThat(tenants).hasSize(3);
    assertThat(tenants.get(2).primaryDomain()).isNull();
    assertThat(tenants.get(0).userCount()).isEqualTo(5);
  }

  @Test
  void interactionRequiredAsksForAnInteractiveSignIn() {
    emulator.tokenError("partner", 400, "interaction_required", 50076,
        "Due to a configuration change made by your administrator, you must use multi-factor authentication.");
    expirePartnerAccessToken();
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.INTERACTIVE_SIGN_IN))
        .hasMessageContaining("interaction_required");
  }

  @Test
  void interactionRequiredInOneCustomerTenantIsThatTenantsConditionalAccess() {
    emulator.tokenError(CONTOSO, 400, "interaction_required", 50076,
        "Due to a configuration change made by your administrator, you must use multi-factor authentication.");
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.CONDITIONAL_ACCESS));
  }

  @Test
  void unauthorizedClientForOneCustomerLeavesTheConnectionAlone() {
    emulator.tokenError(CONTOSO, 400, "unauthorized_client", 7000112, "Application is disabled.");
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.GRANT_CONSENT));
    assertThat(adapter.directoryGateway().validate(MSP)).isEqualTo(3);
  }

  @Test
  void invalidClientAsksToFixTheAppCredentials() {
    secrets.putTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "expired-secret-value");
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.FIX_APP_CREDENTIALS))
        .hasMessageContaining("AADSTS7000215")
        .hasMessageNotContaining("expired-secret-value");
    // a dead app secret stops discovery too (it is not one tenant's problem)
    assertThatThrownBy(() -> adapter.directoryGateway().listManagedTenants(MSP))
        .isInstanceOf(CredentialRejectedException.class);
  }

  @Test
  void temporarilyUnavailableIsRetryable() {
    emulator.retryAfterSeconds(0).unavailableIdentity(100);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("temporarily_unavailable");
    assertThat(emulator.tokenRequests(CONTOSO)).hasSize(4);
  }
}
