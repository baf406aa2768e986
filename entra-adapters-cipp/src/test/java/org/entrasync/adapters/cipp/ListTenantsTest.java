package org.entrasync.adapters.cipp;

import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraRejectedException;
import org.junit.jupiter.api.Test;

class ListTenantsTest extends EmulatorTestBase {

  static String payload(String name) {
    try (InputStream in = ListTenantsTest.class.getResourceAsStream("payloads/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void listsCustomerTenantsAndSkipsThePartnerRow() {
    List<DiscoveredTenant> tenants = gateway.listManagedTenants(MSP);

    assertThat(tenants).containsExactly(
        new DiscoveredTenant(EntraTenantId.of(ACME), "Acme Dental", "acmedental.example", null),
        // no default domain -> the initial (onmicrosoft) domain
        new DiscoveredTenant(EntraTenantId.of(BLUEFIN), "Bluefin Logistics", "bluefinlogistics.onmicrosoft.com", null),
        new DiscoveredTenant(EntraTenantId.of(CEDAR), "Cedar Accounting", "cedaraccounting.example", null));
    // the emulator did list the partner row: it is the first row of the real answer
    assertThat(emulator.requests("ListTenants")).hasSize(1);
  }

  @Test
  void callsExactlyWhatCippDocuments() {
    gateway.listManagedTenants(MSP);
    CippEmulator.LoggedRequest r = emulator.requests("ListTenants").get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/api/ListTenants");
    assertThat(r.query()).isEmpty(); // no AllTenantSelector, no ClearCache, no filter
    assertThat(r.body()).isEmpty();
    assertThat(r.bearerToken()).isEqualTo(TOKEN);
    assertThat(r.headerNames()).contains("authorization").doesNotContain("x-api-key");
  }

  @Test
  void validateReturnsTheNumberOfCustomerTenants() {
    assertThat(gateway.validate(MSP)).isEqualTo(3);
    emulator.partnerRow(false);
    assertThat(gateway.validate(MSP)).isEqualTo(3);
  }

  @Test
  void validatesCandidateCredentialsBeforeAnythingIsStored() {
    try (CippDirectoryGateway fresh = new CippDirectoryGateway(new org.entrasync.core.fakes.InMemorySecretProvider(),
        config().build())) {
      assertThat(fresh.validate(CippCredentials.withToken(emulator.baseUrl() + "/api/", TOKEN))).isEqualTo(3);
    }
  }

  @Test
  void theErrorRowIsAnErrorThatCarriesCippsText() {
    emulator.tenantListError("Could not get token: AADSTS700082 The refresh token has expired");

    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("could not list its tenants")
        .hasMessageContaining("Failed to retrieve tenants. Perform a permission check.")
        .hasMessageContaining("AADSTS700082")
        .hasMessageContaining("permission check");
    assertThatThrownBy(() -> gateway.validate(MSP)).isInstanceOf(EntraRejectedException.class);
    // a rejection is not retried
    assertThat(emulator.requests("ListTenants")).hasSize(2);
  }

  @Test
  void parsesTheDocumentedPayloadIgnoringUnknownFields() {
    emulator.respondOnce("ListTenants", 200, "application/json", payload("cipp-list-tenants.json"));

    assertThat(gateway.listManagedTenants(MSP)).extracting(DiscoveredTenant::id, DiscoveredTenant::displayName,
        DiscoveredTenant::primaryDomain).containsExactly(
        org.assertj.core.groups.Tuple.tuple(EntraTenantId.of("0b6f6c1e-1111-4a2b-9c3d-000000000001"), "Acme Dental", "acmedental.example"),
        org.assertj.core.groups.Tuple.tuple(EntraTenantId.of("5d2e9a40-2222-4c1d-8e7f-000000000002"), "Bluefin Logistics", "bluefinlogistics.example"),
        org.assertj.core.groups.Tuple.tuple(EntraTenantId.of("9a7c3b22-3333-4e5f-a1b2-000000000003"), "Cedar Accounting", "cedaraccounting.example"));
  }

  @Test
  void skipsPartnerAndAllTenantsRowsOfOtherShapes() {
    emulator.respondOnce("ListTenants", 200, "application/json", "["
        + "{\"customerId\":\"AllTenants\",\"defaultDomainName\":\"AllTenants\",\"displayName\":\"*All Tenants\",\"domains\":\"AllTenants\",\"GraphErrorCount\":0},"
        + "{\"customerId\":\"f0000000-0000-4000-8000-00000000f00d\",\"defaultDomainName\":\"msp.example\",\"displayName\":\"*Partner Tenant\",\"domains\":\"PartnerTenant\"},"
        + "{\"customerId\":\"0B6F6C1E-1111-4A2B-9C3D-000000000001\",\"defaultDomainName\":\"\",\"initialDomainName\":\"AcmeDental.onmicrosoft.com\","
        + "\"displayName\":\"Acme (alias)\",\"delegatedPrivilegeStatus\":\"directTenant\",\"domains\":\"\","
        + "\"offboardingDefaults\":{\"x\":[1,2,{\"y\":null}]},\"brandNewField\":[true]}"
        + "]");

    assertThat(gateway.listManagedTenants(MSP)).containsExactly(
        new DiscoveredTenant(EntraTenantId.of(ACME), "Acme (alias)", "acmedental.onmicrosoft.com", null));
  }

  @Test
  void anEmptyCustomerIdAmongRealRowsIsStillAnError() {
    emulator.respondOnce("ListTenants", 200, "application/json",
        "[{\"customerId\":\"" + ACME + "\",\"displayName\":\"Acme\",\"delegatedPrivilegeStatus\":\"directTenant\"},"
            + "{\"customerId\":\"\",\"displayName\":\"\",\"Results\":\"Failed to retrieve tenants: boom\"}]");
    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("Failed to retrieve tenants: boom");
  }

  @Test
  void noTenantsIsAValidAnswer() {
    directory.removeTenant(ACME);
    directory.removeTenant(BLUEFIN);
    directory.removeTenant(CEDAR);
    assertThat(gateway.listManagedTenants(MSP)).isEmpty();
    assertThat(gateway.validate(MSP)).isZero();
  }

  @Test
  void inSingleTenantModeTheMspsOwnTenantIsDiscovered() {
    // CIPP's "owntenant" mode: the only row is the MSP's own tenant, without a GDAP status and with
    // domains "PartnerTenant" (Get-Tenants.ps1), named after its initial domain
    emulator.ownTenantMode(CEDAR);

    assertThat(gateway.listManagedTenants(MSP)).containsExactly(new DiscoveredTenant(EntraTenantId.of(CEDAR),
        "cedaraccounting.onmicrosoft.com", "cedaraccounting.onmicrosoft.com", null));
    assertThat(gateway.validate(MSP)).isEqualTo(1);
  }
}
