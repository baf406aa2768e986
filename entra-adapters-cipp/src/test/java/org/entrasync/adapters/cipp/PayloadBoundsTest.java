package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraRejectedException;
import org.junit.jupiter.api.Test;

/**
 * What CIPP-API (or whatever answers at its URL) can make the adapter hold is bounded; the bounds
 * are far above real payloads, so that one over-long value, which core truncates per user, never
 * fails a tenant.
 */
class PayloadBoundsTest extends EmulatorTestBase {

  private static String tenantRow(int i, String padding) {
    return String.format("{\"customerId\":\"0b6f6c1e-1111-4a2b-9c3d-%012d\",\"displayName\":\"T%d\","
        + "\"delegatedPrivilegeStatus\":\"directTenant\",\"pad\":\"%s\"}", i, i, padding);
  }

  @Test
  void aTenantListLargerThanAnyRealOneIsRefused() {
    String pad = "x".repeat(10_000);
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 3_500; i++) { // about 35 MB; 2,000 real customers are about 1.5 MB
      body.append(i == 0 ? "" : ",").append(tenantRow(i, pad));
    }
    emulator.respondOnce("ListTenants", 200, "application/json", body.append(']').toString());

    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("larger than");
    assertThat(emulator.requests("ListTenants")).hasSize(1); // not retried: it would be as large again
  }

  @Test
  void moreTenantRowsThanAnyRealMspHasAreRefused() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 50_001; i++) {
      body.append(i == 0 ? "" : ",").append(tenantRow(i, ""));
    }
    emulator.respondOnce("ListTenants", 200, "application/json", body.append(']').toString());

    assertThatThrownBy(() -> gateway.listManagedTenants(MSP))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("50,000");
  }

  @Test
  void oneOverLongValueDoesNotFailTheTenant() {
    String name = "N".repeat(10_000_000);
    emulator.respondOnce("ListGraphRequest", 200, "application/json", UserMappingTest.answer(
        "[{\"id\":\"" + DANA + "\",\"displayName\":\"" + name + "\",\"mail\":\"dana@acmedental.example\"}]"));

    Pages pages = list(ACME, ListingRequest.full(999));

    assertThat(pages.outcome.complete()).isTrue();
    // The stream passes the value on; core's model cuts it to Entra's documented limit.
    assertThat(pages.users()).singleElement()
        .satisfies(u -> assertThat(u.displayName()).hasSize(org.entrasync.spi.FieldLimits.DISPLAY_NAME));
  }

  @Test
  void absurdNestingIsRefused() {
    String deep = "[".repeat(200) + "]".repeat(200);
    emulator.respondOnce("ListGraphRequest", 200, "application/json", UserMappingTest.answer(
        "[{\"id\":\"" + DANA + "\",\"futureField\":" + deep + "}]"));
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(999)))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("nest");
  }
}
