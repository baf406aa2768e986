package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The emulator itself, spoken to over plain HTTP: it must answer as CIPP-API does. */
class CippEmulatorTest extends EmulatorTestBase {
  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  private Response get(String pathAndQuery, String token) throws IOException {
    Request.Builder b = new Request.Builder().url(emulator.baseUrl() + pathAndQuery);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.newCall(b.build()).execute();
  }

  private JsonNode json(String pathAndQuery) throws IOException {
    try (Response r = get(pathAndQuery, TOKEN)) {
      assertThat(r.code()).isEqualTo(200);
      return mapper.readTree(r.body().string());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "/api/ListUsers?tenantFilter=" + ACME,
    "/api/listusers?TenantFilter=ACMEDENTAL.EXAMPLE",
    "/api/Listusers?tenantfilter=acmedental.onmicrosoft.com",
  })
  void tenantFilterByIdOrDomainCaseInsensitive(String pathAndQuery) throws IOException {
    JsonNode users = json(pathAndQuery);
    assertThat(users.isArray()).isTrue();
    assertThat(users.size()).isEqualTo(5);
    JsonNode dana = users.get(0);
    assertThat(dana.get("username").asText()).isEqualTo("dana.lee");
    assertThat(dana.get("Aliases").asText()).isEqualTo("SMTP:dana.lee@acmedental.example, smtp:dana@acmedental.onmicrosoft.com");
    assertThat(dana.get("LicJoined").asText()).isEqualTo("Microsoft 365 Business Standard, Microsoft 365 Business Premium");
    assertThat(dana.get("primDomain").get("value").asText()).isEqualTo("acmedental.example");
    assertThat(dana.get("onPremisesSyncEnabled").isBoolean()).isTrue();
    assertThat(dana.get("assignedLicenses").size()).isEqualTo(2);
    assertThat(users.get(3).has("accountEnabled")).isFalse(); // the user whose state is unknown
  }

  @Test
  void unknownTenantIsAnEmptyArrayAndAllTenantsIsDeprecated() throws IOException {
    assertThat(json("/api/ListUsers?tenantFilter=nobody.example").size()).isZero();
    assertThat(json("/api/ListUsers?tenantFilter=AllTenants").get(0).get("Message").asText()).contains("deprecated");
  }

  @Test
  void tenantListHasThePartnerRowFirstAndNoGdapStatusOnIt() throws IOException {
    JsonNode rows = json("/api/ListTenants");
    assertThat(rows.size()).isEqualTo(4);
    assertThat(rows.get(0).get("displayName").asText()).isEqualTo("*Partner Tenant");
    assertThat(rows.get(0).has("delegatedPrivilegeStatus")).isFalse();
    assertThat(rows.get(1).get("delegatedPrivilegeStatus").asText()).isEqualTo("granularDelegatedAdminPrivileges");
    assertThat(json("/api/ListTenants?tenantFilter=cedaraccounting.example").size()).isEqualTo(1);
  }

  @Test
  void requiresABearerTokenAndAnswers401WithoutJson() throws IOException {
    try (Response r = get("/api/ListTenants", null)) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).doesNotStartWith("[").doesNotStartWith("{");
    }
    try (Response r = get("/api/ListTenants", "some-other-token")) {
      assertThat(r.code()).isEqualTo(401);
    }
    try (Response r = get("/api/NoSuchThing", TOKEN)) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).isEqualTo("\"Endpoint not found\"");
    }
  }

  @Test
  void faultsAreCountedAndCleared() throws IOException {
    emulator.fault(Fault.THROTTLE, 2, "ListTenants").fault(Fault.FORBIDDEN, 1, "ListUsers");
    try (Response r = get("/api/ListUsers?tenantFilter=" + ACME, TOKEN)) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.body().string()).startsWith("Access to this CIPP API endpoint is not allowed");
    }
    for (int i = 0; i < 2; i++) {
      try (Response r = get("/api/ListTenants", TOKEN)) {
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.body().string()).contains("throttled");
      }
    }
    assertThat(json("/api/ListTenants").size()).isEqualTo(4);
    emulator.fault(Fault.UNAVAILABLE, 5).clearFaults();
    assertThat(json("/api/ListTenants").size()).isEqualTo(4);
    assertThat(emulator.requests()).extracting(r -> r.status()).containsExactly(403, 500, 500, 200, 200);
  }

  @Test
  void scenarioFaultNamesMapToEmulatorFaults() {
    assertThat(Fault.fromScenarioKind("throttle")).isEqualTo(Fault.THROTTLE);
    assertThat(Fault.fromScenarioKind("unavailable")).isEqualTo(Fault.UNAVAILABLE);
    assertThat(Fault.fromScenarioKind("rejectToken")).isEqualTo(Fault.REJECT_TOKEN);
    assertThat(Fault.fromScenarioKind("revokeRefreshToken")).isEqualTo(Fault.REJECT_CLIENT);
    assertThat(Fault.fromScenarioKind("truncatePaging")).isEqualTo(Fault.TRUNCATED);
    assertThat(Fault.fromScenarioKind("malformed")).isEqualTo(Fault.MALFORMED);
  }
}
