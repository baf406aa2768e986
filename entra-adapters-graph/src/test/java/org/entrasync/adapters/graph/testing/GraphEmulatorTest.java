package org.entrasync.adapters.graph.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator on its own, over raw HTTP: wire formats and identity-platform rules. */
class GraphEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "11111111-aaaa-4bbb-8ccc-000000000001";
  private static final String VERIFIER = "a-verifier-of-sufficient-length-0123456789abcdef";

  private final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
  private EmulatedDirectory directory;
  private GraphEmulator emulator;

  @BeforeEach
  void start() {
    directory = new EmulatedDirectory();
    EmulatedTenant t = directory.addTenant(TENANT, "Fabrikam Dental LLC", "fabrikamdental.example");
    for (int i = 1; i <= 3; i++) {
      t.upsert(EmulatedUser.member(String.format("aaaaaaaa-0000-4000-8000-%012d", 100 + i), "u" + i + "@fabrikamdental.example", "User " + i));
    }
    directory.addTenant("22222222-aaaa-4bbb-8ccc-000000000002", "Northwind Plumbing", null);
    emulator = GraphEmulator.start(directory);
  }

  @AfterEach
  void stop() {
    emulator.close();
    http.connectionPool().evictAll();
  }

  // ---- helpers

  private Map<String, String> authorize(String challenge) {
    HttpUrl url = HttpUrl.get(emulator.authorityBaseUrl() + "/organizations/oauth2/v2.0/authorize").newBuilder()
        .addQueryParameter("client_id", emulator.clientId())
        .addQueryParameter("response_type", "code")
        .addQueryParameter("redirect_uri", "https://psa.example/cb")
        .addQueryParameter("scope", "openid offline_access https://graph.microsoft.com/User.Read.All https://graph.microsoft.com/DelegatedAdminRelationship.Read.All")
        .addQueryParameter("state", "s1")
        .addQueryParameter("code_challenge", challenge)
        .addQueryParameter("code_challenge_method", "S256")
        .build();
    return emulator.authorize(url.uri());
  }

  private static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private Reply token(String tenant, Map<String, String> form) throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    Request request = new Request.Builder().url(emulator.authorityBaseUrl() + "/" + tenant + "/oauth2/v2.0/token")
        .post(body.build()).build();
    try (Response r = http.newCall(request).execute()) {
      return new Reply(r.code(), r.header("Content-Type"), r.body().string(), r.header("Retry-After"), r.header("Location"));
    }
  }

  private Reply get(String url, String token, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      return new Reply(r.code(), r.header("Content-Type"), r.body().string(), r.header("Retry-After"), r.header("Location"));
    }
  }

  record Reply(int status, String contentType, String body, String retryAfter, String location) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private JsonNode signIn() throws Exception {
    Map<String, String> cb = authorize(s256(VERIFIER));
    Reply r = token("organizations", Map.of("client_id", emulator.clientId(), "client_secret", emulator.clientSecret(),
        "grant_type", "authorization_code", "code", cb.get("code"), "redirect_uri", "https://psa.example/cb",
        "code_verifier", VERIFIER, "scope", "openid offline_access https://graph.microsoft.com/User.Read.All https://graph.microsoft.com/DelegatedAdminRelationship.Read.All"));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private String customerToken(String refreshToken) throws IOException {
    Reply r = token(TENANT, Map.of("client_id", emulator.clientId(), "client_secret", emulator.clientSecret(),
        "grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "https://graph.microsoft.com/.default"));
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  private static JsonNode claims(String jwt) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  private static JsonNode contract(String name) throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/contracts/payloads").resolve(name);
      if (Files.exists(candidate)) {
        return JSON.readTree(candidate.toFile());
      }
      Path sibling = dir.resolveSibling("shared").resolve("contracts/payloads").resolve(name);
      if (Files.exists(sibling)) {
        return JSON.readTree(sibling.toFile());
      }
    }
    return null;
  }

  // ---- identity platform

  @Test
  void theAuthorizationCodeFlowIssuesJwtShapedTokensWithTheTenant() throws Exception {
    JsonNode tokens = signIn();
    assertThat(keys(tokens)).contains("token_type", "scope", "expires_in", "ext_expires_in", "access_token",
        "refresh_token", "id_token");
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    JsonNode access = claims(tokens.get("access_token").asText());
    assertThat(access.get("tid").asText()).isEqualTo(emulator.partnerTenantId());
    assertThat(access.get("exp").asLong()).isGreaterThan(access.get("iat").asLong());
    assertThat(claims(tokens.get("id_token").asText()).get("tid").asText()).isEqualTo(emulator.partnerTenantId());
  }

  @Test
  void aCodeIsSingleUseAndBoundToThePkceVerifier() throws Exception {
    Map<String, String> cb = authorize(s256(VERIFIER));
    Map<String, String> form = new java.util.HashMap<>(Map.of("client_id", emulator.clientId(),
        "client_secret", emulator.clientSecret(), "grant_type", "authorization_code", "code", cb.get("code"),
        "redirect_uri", "https://psa.example/cb", "code_verifier", "another-verifier-0123456789-0123456789-xyz"));
    Reply wrong = token("organizations", form);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(wrong.json().get("error_codes").get(0).asInt()).isEqualTo(50148);
    assertThat(keys(wrong.json())).containsExactlyInAnyOrder("error", "error_description", "error_codes", "timestamp",
        "trace_id", "correlation_id", "error_uri");
    assertThat(wrong.json().get("error_description").asText()).startsWith("AADSTS50148:");

    form.put("code_verifier", VERIFIER);
    assertThat(token("organizations", form).status()).isEqualTo(200);
    Reply again = token("organizations", form);
    assertThat(again.json().get("error_codes").get(0).asInt()).isEqualTo(54005);
  }

  @Test
  void refreshRotatesTheTokenAndTheOldOneKeepsWorkingUnlessRevoked() throws Exception {
    String first = signIn().get("refresh_token").asText();
    Map<String, String> form = Map.of("client_id", emulator.clientId(), "client_secret", emulator.clientSecret(),
        "grant_type", "refresh_token", "refresh_token", first, "scope", "offline_access https://graph.microsoft.com/User.Read.All");
    Reply refreshed = token(emulator.partnerTenantId(), form);
    String second = refreshed.json().get("refresh_token").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(token(emulator.partnerTenantId(), form).status()).isEqualTo(200);

    emulator.fault("identity", "revokeRefreshToken", 1);
    Reply revoked = token(emulator.partnerTenantId(), form);
    assertThat(revoked.status()).isEqualTo(400);
    assertThat(revoked.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(revoked.json().get("error_codes").get(0).asInt()).isEqualTo(70008);
    emulator.clearFaults();
    assertThat(token(emulator.partnerTenantId(), form).status()).isEqualTo(200);
  }

  @Test
  void thePartnerRefreshTokenGetsATokenForACustomerTenant() throws Exception {
    String refreshToken = signIn().get("refresh_token").asText();
    String access = customerToken(refreshToken);
    assertThat(claims(access).get("tid").asText()).isEqualTo(TENANT);

    emulator.consentMissing(TENANT);
    Reply refused = token(TENANT, Map.of("client_id", emulator.clientId(), "client_secret", emulator.clientSecret(),
        "grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "https://graph.microsoft.com/.default"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(refused.json().get("error_description").asText()).startsWith("AADSTS65001:");

    Reply unknown = token("55555555-aaaa-4bbb-8ccc-000000000005", Map.of("client_id", emulator.clientId(),
        "client_secret", emulator.clientSecret(), "grant_type", "refresh_token", "refresh_token", refreshToken));
    assertThat(unknown.json().get("error_codes").get(0).asInt()).isEqualTo(90002);
  }

  @Test
  void aWrongSecretIsInvalidClient() throws Exception {
    Reply r = token("organizations", Map.of("client_id", emulator.clientId(), "client_secret", "nope",
        "grant_type", "refresh_token", "refresh_token", "x"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
  }

  // ---- Graph

  @Test
  void graphWantsAValidBearerToken() throws Exception {
    Reply none = get(emulator.graphBaseUrl() + "/organization", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
    assertThat(get(emulator.graphBaseUrl() + "/organization", "forged").status()).isEqualTo(401);
  }

  @Test
  void payloadsHaveTheShapesOfTheContracts() throws Exception {
    directory.requireTenant(TENANT).upsert(EmulatedUser.member("aaaaaaaa-0000-4000-8000-000000000104",
        "u4@fabrikamdental.example", "User 4"));
    JsonNode tokens = signIn();
    String partner = tokens.get("access_token").asText();
    String customer = customerToken(tokens.get("refresh_token").asText());

    JsonNode customers = get(emulator.graphBaseUrl() + "/tenantRelationships/delegatedAdminCustomers?$top=1", partner).json();
    JsonNode customersContract = contract("graph-delegated-admin-customers-page.json");
    if (customersContract != null) {
      assertThat(keys(customers)).isEqualTo(keys(customersContract));
      assertThat(keys(customers.get("value").get(0))).isEqualTo(keys(customersContract.get("value").get(0)));
    }
    assertThat(customers.get("@odata.nextLink").asText()).startsWith(emulator.graphBaseUrl() + "/tenantRelationships/delegatedAdminCustomers?");
    assertThat(customers.get("value").get(0).get("tenantId").asText()).isEqualTo(TENANT);

    String select = "id,displayName,givenName,surname,mail,userPrincipalName,accountEnabled,userType";
    JsonNode users = get(emulator.graphBaseUrl() + "/users?$select=" + select + "&$top=2", customer).json();
    JsonNode usersContract = contract("graph-users-page.json");
    if (usersContract != null) {
      assertThat(keys(users)).isEqualTo(keys(usersContract));
      assertThat(keys(users.get("value").get(0))).isEqualTo(keys(usersContract.get("value").get(0)));
    }
    assertThat(users.get("@odata.nextLink").asText()).startsWith(emulator.graphBaseUrl() + "/users?$select=" + select
        + "&$top=2&$skiptoken=");
    JsonNode next = get(users.get("@odata.nextLink").asText(), customer).json();
    assertThat(next.get("value")).hasSize(2);
    assertThat(next.has("@odata.nextLink")).isFalse();

    JsonNode initial = get(emulator.graphBaseUrl() + "/users/delta?$select=displayName,mail,accountEnabled", customer).json();
    directory.requireTenant(TENANT).disable("aaaaaaaa-0000-4000-8000-000000000101").delete("aaaaaaaa-0000-4000-8000-000000000103");
    JsonNode round = get(initial.get("@odata.deltaLink").asText(), customer).json();
    JsonNode deltaContract = contract("graph-users-delta-final-page.json");
    if (deltaContract != null) {
      assertThat(keys(round)).isEqualTo(keys(deltaContract));
      assertThat(keys(round.get("value").get(0))).isEqualTo(keys(deltaContract.get("value").get(0)));
      assertThat(round.get("value").get(1)).isEqualTo(JSON.readTree(
          "{\"id\":\"aaaaaaaa-0000-4000-8000-000000000103\",\"@removed\":{\"reason\":\"deleted\"}}"));
    }
    assertThat(round.get("value")).hasSize(2);
    assertThat(round.get("value").get(0).get("accountEnabled").asBoolean()).isFalse();
  }

  @Test
  void usersHonourSelectAndTopAndCountNeedsEventualConsistency() throws Exception {
    JsonNode tokens = signIn();
    String customer = customerToken(tokens.get("refresh_token").asText());

    JsonNode defaults = get(emulator.graphBaseUrl() + "/users", customer).json();
    assertThat(keys(defaults.get("value").get(0))).isEqualTo(new TreeSet<>(GraphEmulator.DEFAULT_USER_PROPERTIES));
    JsonNode selected = get(emulator.graphBaseUrl() + "/users?$select=id,accountEnabled", customer).json();
    assertThat(keys(selected.get("value").get(0))).containsExactlyInAnyOrder("id", "accountEnabled");

    Reply tooMany = get(emulator.graphBaseUrl() + "/users?$top=1000", customer);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().at("/error/message").asText())
        .isEqualTo("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    assertThat(get(emulator.graphBaseUrl() + "/users?$top=0", customer).status()).isEqualTo(400);

    assertThat(get(emulator.graphBaseUrl() + "/users/$count", customer).status()).isEqualTo(400);
    Reply count = get(emulator.graphBaseUrl() + "/users/$count", customer, "ConsistencyLevel", "eventual");
    assertThat(count.status()).isEqualTo(200);
    assertThat(count.contentType()).startsWith("text/plain");
    assertThat(count.body()).isEqualTo("3");
  }

  @Test
  void pageTokensAreKeyedSoADeletionMidListingSkipsNoOneAndTheyExpire() throws Exception {
    JsonNode tokens = signIn();
    String customer = customerToken(tokens.get("refresh_token").asText());
    JsonNode first = get(emulator.graphBaseUrl() + "/users?$top=1", customer).json();
    assertThat(first.at("/value/0/id").asText()).isEqualTo("aaaaaaaa-0000-4000-8000-000000000101");
    String next = first.get("@odata.nextLink").asText();

    directory.requireTenant(TENANT).delete("aaaaaaaa-0000-4000-8000-000000000101");
    JsonNode second = get(next, customer).json();
    assertThat(second.at("/value/0/id").asText()).as("the next user, not the one after it")
        .isEqualTo("aaaaaaaa-0000-4000-8000-000000000102");

    emulator.retryAfterSeconds(2).throttleUserPages(1);
    Reply throttled = get(second.get("@odata.nextLink").asText(), customer);
    assertThat(throttled.status()).as("a next page throttled").isEqualTo(429);
    assertThat(throttled.json().at("/error/code").asText()).isEqualTo("TooManyRequests");
    assertThat(throttled.retryAfter()).isEqualTo("2");

    emulator.expirePageToken(1);
    Reply expired = get(second.get("@odata.nextLink").asText(), customer);
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().at("/error/code").asText()).isEqualTo("Directory_ExpiredPageToken");
    assertThat(get(second.get("@odata.nextLink").asText(), customer).status()).isEqualTo(200);

    emulator.pageTokenLifetime(java.time.Duration.ofMinutes(5))
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(6)));
    assertThat(get(second.get("@odata.nextLink").asText(), customer).json().at("/error/code").asText())
        .as("a token older than its lifetime").isEqualTo("Directory_ExpiredPageToken");
  }

  @Test
  void scopesAreCheckedPerRouteAndThePartnersTokenReadsThePartnersStaff() throws Exception {
    JsonNode tokens = signIn();
    String partner = tokens.get("access_token").asText();
    JsonNode staff = get(emulator.graphBaseUrl() + "/users?$select=id,userPrincipalName", partner).json();
    assertThat(staff.get("value")).extracting(u -> u.get("userPrincipalName").asText()).contains(GraphEmulator.PARTNER_ADMIN_UPN)
        .allMatch(upn -> upn.endsWith("@partner.example"));

    emulator.consentedScopes(TENANT, "User.Read", "User.ReadBasic.All");
    String basic = customerToken(tokens.get("refresh_token").asText());
    JsonNode users = get(emulator.graphBaseUrl() + "/users?$select=id,displayName,accountEnabled,userType", basic).json();
    assertThat(keys(users.get("value").get(0))).containsExactlyInAnyOrder("id", "displayName");

    emulator.consentedScopes(TENANT, "User.Read");
    String none = customerToken(tokens.get("refresh_token").asText());
    assertThat(get(emulator.graphBaseUrl() + "/users", none).status()).isEqualTo(403);
    assertThat(get(emulator.graphBaseUrl() + "/organization", none).status()).isEqualTo(200);

    emulator.consentedScopes("partner", "User.Read", "User.Read.All");
    JsonNode withoutGdapScope = signIn();
    assertThat(withoutGdapScope.get("scope").asText()).doesNotContain("DelegatedAdminRelationship");
    Reply customers = get(emulator.graphBaseUrl() + "/tenantRelationships/delegatedAdminCustomers",
        withoutGdapScope.get("access_token").asText());
    assertThat(customers.status()).isEqualTo(403);
    assertThat(customers.json().at("/error/code").asText()).isEqualTo("Authorization_RequestDenied");
  }

  @Test
  void deltaLatestThenOnlyChangesAndExpiry() throws Exception {
    JsonNode tokens = signIn();
    String customer = customerToken(tokens.get("refresh_token").asText());
    JsonNode latest = get(emulator.graphBaseUrl() + "/users/delta?$deltatoken=latest", customer).json();
    assertThat(latest.get("value")).isEmpty();
    String link = latest.get("@odata.deltaLink").asText();
    assertThat(get(link, customer).json().get("value")).isEmpty();

    directory.requireTenant(TENANT).softDelete("aaaaaaaa-0000-4000-8000-000000000102");
    JsonNode round = get(link, customer).json();
    assertThat(round.get("value")).hasSize(1);
    assertThat(round.at("/value/0/@removed/reason").asText()).isEqualTo("changed");

    emulator.expireDeltaTokens();
    Reply expired = get(link, customer);
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().at("/error/code").asText()).isEqualTo("syncStateNotFound");
    assertThat(expired.json().at("/error/message").asText()).isEqualTo("The sync state generation is not found. The"
        + " delta token is expired and data must be synchronized again.");

    String fresh = get(emulator.graphBaseUrl() + "/users/delta?$deltatoken=latest", customer).json().get("@odata.deltaLink").asText();
    emulator.expireDeltaTokensAsGone();
    Reply gone = get(fresh, customer);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.location()).isEqualTo(emulator.graphBaseUrl() + "/users/delta?$deltatoken=");
  }

  @Test
  void faultsMisbehaveForTheGivenCountAndClearFaultsEndsThem() throws Exception {
    JsonNode tokens = signIn();
    String partner = tokens.get("access_token").asText();
    String url = emulator.graphBaseUrl() + "/organization";
    emulator.retryAfterSeconds(7);
    emulator.fault("graph", "throttle", 2);
    Reply throttled = get(url, partner);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.retryAfter()).isEqualTo("7");
    assertThat(get(url, partner).status()).isEqualTo(429);
    assertThat(get(url, partner).status()).isEqualTo(200);

    emulator.fault("graph", "unavailable", 1);
    assertThat(get(url, partner).status()).isEqualTo(503);
    emulator.fault("graph", "malformed", 1);
    Reply malformed = get(url, partner);
    assertThat(malformed.status()).isEqualTo(200);
    assertThatThrownBy(malformed::json).isInstanceOf(IOException.class);

    emulator.fault("graph", "rejectToken", 1);
    assertThat(get(url, partner).status()).isEqualTo(401);
    assertThat(get(url, partner).status()).isEqualTo(401);
    emulator.clearFaults();
    assertThat(get(url, partner).status()).isEqualTo(200);

    assertThatThrownBy(() -> emulator.fault("cipp", "throttle", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emulator.fault("graph", "explode", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRequestLogRecordsEndpointTenantGrantAndStatus() throws Exception {
    signIn();
    List<GraphEmulator.Call> calls = emulator.requests();
    assertThat(calls).extracting(GraphEmulator.Call::endpoint).containsExactly("authorize", "token");
    assertThat(calls.get(1).grantType()).isEqualTo("authorization_code");
    assertThat(calls.get(1).tenant()).isEqualTo("organizations");
    assertThat(calls.get(1).status()).isEqualTo(200);
    assertThat(emulator.issuedSecrets()).hasSizeGreaterThanOrEqualTo(3);
    emulator.clearRequests();
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void graphLatencyHoldsEveryGraphAnswer() throws Exception {
    // A lower bound only: the injected wait must happen (how fast the rest is belongs to benchmarks).
    emulator.graphLatency(java.time.Duration.ofMillis(150));
    long start = System.nanoTime();
    Reply none = get(emulator.graphBaseUrl() + "/organization", null);
    long graphMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(none.status()).isEqualTo(401);
    assertThat(graphMillis).as("ms for a Graph answer").isGreaterThanOrEqualTo(150);
    assertThatThrownBy(() -> emulator.graphLatency(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anUnknownClientGetsNoRedirect() {
    URI url = URI.create(emulator.authorityBaseUrl() + "/organizations/oauth2/v2.0/authorize?client_id=unknown"
        + "&response_type=code&redirect_uri=https%3A%2F%2Fpsa.example%2Fcb&state=x");
    assertThatThrownBy(() -> emulator.authorize(url)).hasMessageContaining("AADSTS700016");
  }
}
