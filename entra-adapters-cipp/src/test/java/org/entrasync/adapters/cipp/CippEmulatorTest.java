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
    assertThat(Fault.fromScenarioKind("throttle")).isEqualTo(Fault.TOO_MANY_REQUESTS); // 429 + Retry-After (FORMAT.md)
    assertThat(Fault.fromScenarioKind("slow")).isEqualTo(Fault.SLOW);
    assertThat(Fault.fromScenarioKind("expirePageToken")).isEqualTo(Fault.EXPIRE_PAGE_TOKEN);
    assertThat(Fault.fromScenarioKind("unavailable")).isEqualTo(Fault.UNAVAILABLE);
    assertThat(Fault.fromScenarioKind("rejectToken")).isEqualTo(Fault.REJECT_TOKEN);
    assertThat(Fault.fromScenarioKind("revokeRefreshToken")).isEqualTo(Fault.REJECT_CLIENT);
    assertThat(Fault.fromScenarioKind("truncatePaging")).isEqualTo(Fault.TRUNCATED);
    assertThat(Fault.fromScenarioKind("malformed")).isEqualTo(Fault.MALFORMED);
  }

  // ---- ListGraphRequest, the paged route ----------------------------------------------------

  private static final String SELECT = "id,displayName,mail,accountEnabled,assignedLicenses";

  private String page(String tenant, int top, String nextLink) {
    return "/api/ListGraphRequest?tenantFilter=" + tenant + "&Endpoint=users&%24select=" + SELECT + "&%24top=" + top
        + "&manualPagination=true" + (nextLink == null ? "" : "&nextLink=" + okhttp3.HttpUrl.parse("http://x/?a=b")
            .newBuilder().setQueryParameter("n", nextLink).build().encodedQuery().substring("a=b&n=".length()));
  }

  @Test
  void listGraphRequestPagesWithManualPaginationAndANextLink() throws IOException {
    JsonNode first = json(page(ACME, 2, null));
    assertThat(first.get("Results").size()).isEqualTo(2);
    JsonNode dana = first.get("Results").get(0);
    assertThat(dana.get("id").asText()).isEqualTo(DANA);
    assertThat(dana.get("Tenant").asText()).isEqualTo(ACME);
    assertThat(dana.get("CippStatus").asText()).isEqualTo("Good");
    assertThat(dana.has("username")).isFalse(); // none of ListUsers' additions
    assertThat(dana.has("jobTitle")).isFalse(); // only what $select asked for
    assertThat(dana.get("assignedLicenses").size()).isEqualTo(2);
    JsonNode meta = first.get("Metadata");
    assertThat(meta.get("Endpoint").asText()).isEqualTo("users");
    assertThat(meta.get("TenantFilter").asText()).isEqualTo(ACME);
    assertThat(meta.get("ManualPagination").asBoolean()).isTrue();
    String next = meta.get("nextLink").asText();
    assertThat(next).startsWith("https://graph.microsoft.com/beta/users?").contains("$skiptoken=");

    JsonNode second = json(page(ACME, 2, next));
    assertThat(second.get("Results").get(0).get("id").asText()).isNotEqualTo(DANA);
    JsonNode third = json(page(ACME, 2, second.get("Metadata").get("nextLink").asText()));
    assertThat(third.get("Results").size()).isEqualTo(1);
    assertThat(third.get("Metadata").has("nextLink")).isFalse(); // the last page
  }

  @Test
  void listGraphRequestWithoutManualPaginationFollowsEveryPageItself() throws IOException {
    JsonNode all = json("/api/ListGraphRequest?tenantFilter=" + ACME + "&Endpoint=users&%24top=2");
    assertThat(all.get("Results").size()).isEqualTo(5);
    assertThat(all.get("Metadata").has("nextLink")).isFalse();
  }

  @Test
  void listGraphRequestFailuresAre400GraphErrorsInPlainText() throws IOException {
    try (Response r = get(page("nobody.example", 10, null), TOKEN)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
      assertThat(r.body().string()).startsWith("Graph Error: ").contains("not in CIPP's tenant list")
          .endsWith(" - Endpoint: users");
    }
    try (Response r = get(page(ACME, 10, "https://evil.example/beta/users?$skiptoken=x"), TOKEN)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("Invalid nextLink URL");
    }
    try (Response r = get(page(ACME, 1000, null), TOKEN)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("Must be between 1 and 999");
    }
  }

  @Test
  void anExpiredPageTokenHitsOnlyContinuations() throws IOException {
    emulator.fault(Fault.EXPIRE_PAGE_TOKEN, 1);
    String next = json(page(ACME, 2, null)).get("Metadata").get("nextLink").asText();
    try (Response r = get(page(ACME, 2, next), TOKEN)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("page token value has expired");
    }
    assertThat(json(page(ACME, 2, next)).get("Results").size()).isEqualTo(2);
  }

  @Test
  void aTenantErrorIsPlainText500OnListUsersAndNormalized400OnListGraphRequest() throws IOException {
    emulator.tenantError(ACME, "Could not get token: invalid_grant:AADSTS700082: The refresh token has expired due to"
        + " inactivity.");
    try (Response r = get("/api/ListUsers?tenantFilter=acmedental.example", TOKEN)) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).isEqualTo("Could not get token: invalid_grant:AADSTS700082: The refresh token has"
          + " expired due to inactivity.");
    }
    try (Response r = get(page(ACME, 10, null), TOKEN)) {
      assertThat(r.code()).isEqualTo(400);
      // CIPP's normalizer drops the code: only its own sentence is left
      assertThat(r.body().string()).isEqualTo("Graph Error: The CIPP user access token has expired. Run the Setup Wizard"
          + " to refresh your tokens. - Endpoint: users");
    }
    assertThat(json("/api/ListUsers?tenantFilter=" + CEDAR).isArray()).isTrue(); // other tenants unaffected
    emulator.clearFaults();
    assertThat(json("/api/ListUsers?tenantFilter=" + ACME).size()).isEqualTo(5);
  }

  @Test
  void inSingleTenantModeTheOnlyRowIsTheMspsOwnTenant() throws IOException {
    emulator.ownTenantMode(CEDAR);
    JsonNode rows = json("/api/ListTenants");
    assertThat(rows.size()).isEqualTo(1);
    JsonNode own = rows.get(0);
    assertThat(own.get("customerId").asText()).isEqualTo(CEDAR);
    assertThat(own.get("domains").asText()).isEqualTo("PartnerTenant");
    assertThat(own.has("delegatedPrivilegeStatus")).isFalse();
    assertThat(own.get("displayName").asText()).isEqualTo("cedaraccounting.onmicrosoft.com");
  }

  @Test
  void listUsersBuildsTheWholeTenantBeforeItsFirstByteAndAzureCutsItAt230Seconds() throws IOException {
    // scaled: 20 ms per user, the 230 s cut at 60 ms; ListUsers for Acme's 5 users needs 100 ms
    emulator.buildTimePerUser(java.time.Duration.ofMillis(20)).responseCut(java.time.Duration.ofMillis(60));
    try (Response r = get("/api/ListUsers?tenantFilter=" + ACME, TOKEN)) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.header("Content-Type")).startsWith("text/html");
      assertThat(r.body().string()).contains("The request timed out");
    }
    // a page of 2 users needs 40 ms: under the cut
    assertThat(json(page(ACME, 2, null)).get("Results").size()).isEqualTo(2);

    emulator.cutByDisconnect(true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get("/api/ListUsers?tenantFilter=" + ACME, TOKEN).close())
        .isInstanceOf(IOException.class);
  }
}
