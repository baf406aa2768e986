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
  @ValueSource(ints = {530034, 90002})
  void otherPerTenantRefusalsFailOnlyThatTenant(int aadsts) {
    emulator.tokenError(NORTHWIND, 400, aadsts == 90002 ? "invalid_request" : "invalid_grant", aadsts, "refused");
    assertThatThrownBy(() -> list(NORTHWIND, ListingRequest.full(999)))
        .isInstanceOf(ConsentMissingException.class)
        .hasMessageStartingWith("consent missing in " + NORTHWIND)
        .hasMessageContaining("AADSTS" + aadsts);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
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
  void interactionRequiredInOneCustomerTenantDoesNotStopDiscovery() {
    emulator.tokenError(CONTOSO, 400, "interaction_required", 53003, "Access has been blocked by Conditional Access.");
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).hasSize(3);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(remedyOf(e)).isEqualTo(Remedy.INTERACTIVE_SIGN_IN));
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
