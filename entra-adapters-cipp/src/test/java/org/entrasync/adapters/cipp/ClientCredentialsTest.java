package org.entrasync.adapters.cipp;

import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest extends EmulatorTestBase {
  private static final String CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  private static final String CLIENT_SECRET = "cl13nt-s3cr3t~value";
  private static final String MSP_TENANT = "4d3c2b1a-0000-4000-8000-00000000a5a5";

  @BeforeEach
  void storeAClientInsteadOfAToken() {
    emulator.registerClient(CLIENT_ID, CLIENT_SECRET, MSP_TENANT).tokenLifetime(Duration.ofMinutes(60));
    secrets.deleteTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_ID, CLIENT_ID);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, CLIENT_SECRET);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_TENANT_ID, MSP_TENANT);
  }

  @Test
  void obtainsATokenThroughClientCredentialsAndCachesIt() {
    assertThat(gateway.validate(MSP)).isEqualTo(3);
    assertThat(list(ACME, ListingRequest.full(999)).users()).hasSize(5);

    List<CippEmulator.LoggedRequest> tokenRequests = emulator.tokenRequests();
    assertThat(tokenRequests).hasSize(1);
    CippEmulator.LoggedRequest t = tokenRequests.get(0);
    assertThat(t.method()).isEqualTo("POST");
    assertThat(t.path()).isEqualTo("/" + MSP_TENANT + "/oauth2/v2.0/token");
    assertThat(t.formFields()).isEqualTo(Map.of(
        "grant_type", "client_credentials",
        "client_id", CLIENT_ID,
        "scope", "api://" + CLIENT_ID + "/.default"));
    assertThat(t.status()).isEqualTo(200);
    // both API calls carried the issued token
    String issued = emulator.requests("ListTenants").get(0).bearerToken();
    assertThat(issued).startsWith("cipp-emu-1-");
    assertThat(emulator.requests("ListGraphRequest").get(0).bearerToken()).isEqualTo(issued);
  }

  @Test
  void anExpiredTokenIsRenewedBeforeTheNextCall() {
    gateway.validate(MSP);
    clock.advance(Duration.ofMinutes(50));
    gateway.validate(MSP); // still valid (60 min minus the 2 min margin)
    assertThat(emulator.tokenRequests()).hasSize(1);

    clock.advance(Duration.ofMinutes(9)); // 59 min: inside the refresh margin
    gateway.validate(MSP);

    assertThat(emulator.tokenRequests()).hasSize(2);
    List<CippEmulator.LoggedRequest> calls = emulator.requests("ListTenants");
    assertThat(calls).hasSize(3);
    assertThat(calls.get(2).bearerToken()).startsWith("cipp-emu-2-").isNotEqualTo(calls.get(0).bearerToken());
  }

  @Test
  void aTokenCippRejectsIsReplacedOnce() {
    gateway.validate(MSP);
    emulator.revokeIssuedTokens(); // e.g. CIPP's API authentication was reset

    assertThat(list(ACME, ListingRequest.full(999)).users()).hasSize(5);

    assertThat(emulator.tokenRequests()).hasSize(2);
    assertThat(emulator.requests("ListGraphRequest")).extracting(CippEmulator.LoggedRequest::status).containsExactly(401, 200);
  }

  @Test
  void aFreshTokenThatIsStillRejectedAsksToRotate() {
    emulator.fault(Fault.REJECT_TOKEN, 1);
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((CredentialRejectedException) e).remedy())
            .isEqualTo(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL))
        .hasMessageContaining(CLIENT_ID)
        .hasMessageContaining("rotate the CIPP API credential");
    assertThat(emulator.requests("ListTenants")).hasSize(2); // the first token, then one fresh token
    assertThat(emulator.tokenRequests()).hasSize(2);
  }

  @Test
  void aRefusedClientAsksToRotateWithoutLeakingTheSecret() {
    emulator.fault(Fault.REJECT_CLIENT, 1);
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .satisfies(e -> assertThat(((CredentialRejectedException) e).remedy())
            .isEqualTo(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL))
        .hasMessageContaining("AADSTS7000222")
        .hasMessageContaining("secret is wrong or expired")
        .hasMessageNotContaining(CLIENT_SECRET);
    assertThat(emulator.requests("ListTenants")).isEmpty();
    assertThat(emulator.tokenRequests()).hasSize(1); // a refusal is not retried
  }

  @Test
  void aWrongSecretOrTenantIsRejected() {
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, "wrong-secret");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .hasMessageContaining("AADSTS7000215");
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, CLIENT_SECRET);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_TENANT_ID, "other.onmicrosoft.com");
    assertThatThrownBy(() -> gateway.validate(MSP))
        .isInstanceOf(CredentialRejectedException.class)
        .hasMessageContaining("AADSTS700016")
        .hasMessageContaining("check the client id and the tenant id");
  }

  @Test
  void candidateClientCredentialsAreValidatedBeforeTheyAreStored() {
    InMemorySecretProvider empty = new InMemorySecretProvider();
    try (CippDirectoryGateway fresh = new CippDirectoryGateway(empty, config().build())) {
      CippCredentials candidate = CippCredentials.withClient(emulator.baseUrl(), CLIENT_ID, CLIENT_SECRET, MSP_TENANT);
      assertThat(fresh.validate(candidate)).isEqualTo(3);
      assertThatThrownBy(() -> fresh.validate(
          CippCredentials.withClient(emulator.baseUrl(), CLIENT_ID, "nope", MSP_TENANT)))
          .isInstanceOf(CredentialRejectedException.class);
    }
    assertThat(empty.tenantSecretNames(MSP)).isEmpty();
  }
}
