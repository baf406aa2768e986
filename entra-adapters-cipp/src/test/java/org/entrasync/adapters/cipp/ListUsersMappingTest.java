package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListUsersMappingTest extends EmulatorTestBase {

  private Map<String, DirectoryUser> byId(List<DirectoryUser> users) {
    return users.stream().collect(Collectors.toMap(u -> u.id().value(), Function.identity()));
  }

  @ParameterizedTest(name = "primDomain as string: {0}")
  @ValueSource(booleans = {false, true})
  void mapsEveryFieldLikeTheGraphAdapter(boolean primDomainAsString) {
    emulator.primDomainAsString(primDomainAsString);

    Pages pages = list(ACME, ListingRequest.full(999));

    assertThat(pages.outcome.complete()).isTrue();
    assertThat(pages.outcome.newDeltaCursor()).isNull();
    Map<String, DirectoryUser> users = byId(pages.users());
    assertThat(users).hasSize(5);

    assertThat(users.get(DANA)).isEqualTo(new DirectoryUser(EntraObjectId.of(DANA), "dana.lee@acmedental.example",
        "dana.lee@acmedental.example", List.of("SMTP:dana.lee@acmedental.example", "smtp:dana@acmedental.onmicrosoft.com"),
        "Dana Lee", "Dana", "Lee", true, "Member", "Practice Manager", "+1 555 0101", List.of("+1 555 0100"), 2));
    // null mail stays null; UPN is the identity
    DirectoryUser temp = users.get(TEMP);
    assertThat(temp.mail()).isNull();
    assertThat(temp.proxyAddresses()).isEmpty();
    assertThat(temp.assignedLicenseCount()).isZero();
    assertThat(temp.primaryEmail()).contains("temp.hygienist@acmedental.onmicrosoft.com");
    // disabled
    assertThat(users.get(FORMER).accountEnabled()).isFalse();
    // accountEnabled missing -> unknown (null), never "enabled"
    assertThat(users.get(UNKNOWN_STATE).accountEnabled()).isNull();
    assertThat(users.get(UNKNOWN_STATE).isKnownEnabled()).isFalse();
    assertThat(users.get(UNKNOWN_STATE).assignedLicenseCount()).isEqualTo(1);
    // guest
    assertThat(users.get(GUEST).userType()).isEqualTo("Guest");
    assertThat(users.get(GUEST).isGuest()).isTrue();
  }

  @Test
  void sendsTheCustomerIdAsTenantFilter() {
    list(ACME, ListingRequest.full(999));
    CippEmulator.LoggedRequest r = emulator.requests("ListUsers").get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/api/ListUsers");
    assertThat(r.query()).containsExactly(Map.entry("tenantFilter", ACME));
    assertThat(r.bearerToken()).isEqualTo(TOKEN);
    assertThat(r.headerNames()).doesNotContain("x-api-key");
  }

  @Test
  void mapsTheDocumentedPayload() {
    emulator.respondOnce("ListUsers", 200, "application/json", ListTenantsTest.payload("cipp-list-users.json"));

    Pages pages = list(ACME, ListingRequest.full(999));

    assertThat(pages.outcome.complete()).isTrue();
    List<DirectoryUser> users = pages.users();
    assertThat(users).hasSize(5);
    DirectoryUser dana = users.get(0);
    assertThat(dana.id().value()).isEqualTo("a1000000-0000-4000-8000-000000000001");
    assertThat(dana.mail()).isEqualTo("dana.lee@acmedental.example");
    assertThat(dana.assignedLicenseCount()).isEqualTo(1);
    assertThat(dana.proxyAddresses()).containsExactly("SMTP:dana.lee@acmedental.example",
        "smtp:dana@acmedental.onmicrosoft.com");
    assertThat(dana.businessPhones()).containsExactly("+1 555 0100");
    assertThat(dana.mobilePhone()).isEqualTo("+1 555 0101");
    assertThat(users.get(1).jobTitle()).isEqualTo("Dentist");
    assertThat(users.get(1).mobilePhone()).isNull();
    assertThat(users.get(2).givenName()).isNull();
    assertThat(users.get(3).mail()).isNull();
    assertThat(users.get(4).accountEnabled()).isFalse();
  }

  @Test
  void unknownFieldsAndOddShapesNeverBreakParsing() {
    emulator.respondOnce("ListUsers", 200, "application/json", "[{"
        + "\"futureField\":{\"a\":[{\"b\":[1,2,3]},null,\"x\"]},"
        + "\"id\":\"A1000000-0000-4000-8000-0000000000AA\","
        + "\"primDomain\":\"acmedental.example\","
        + "\"manager\":{\"id\":\"a1000000-0000-4000-8000-000000000002\",\"displayName\":\"Sam\"},"
        + "\"userPrincipalName\":\"odd@acmedental.example\",\"displayName\":\"Odd Shapes\","
        + "\"mail\":\"odd@acmedental.example\",\"accountEnabled\":\"true\","
        + "\"businessPhones\":null,\"proxyAddresses\":[\"SMTP:odd@acmedental.example\",null,7],"
        + "\"assignedLicenses\":[{\"skuId\":\"x\",\"disabledPlans\":[\"p\"]},{\"skuId\":\"y\"}],"
        + "\"jobTitle\":{\"unexpected\":\"object\"},\"mobilePhone\":5550100,"
        + "\"LastSigninDate\":\"2026-08-01\",\"Aliases\":\"SMTP:odd@acmedental.example\",\"LicJoined\":\"A, B\""
        + "},{\"id\":\"a1000000-0000-4000-8000-0000000000ab\",\"primDomain\":{\"value\":\"x\",\"label\":\"x\"},"
        + "\"assignedLicenses\":null,\"userType\":null}]");

    List<DirectoryUser> users = list(ACME, ListingRequest.full(999)).users();

    DirectoryUser odd = users.get(0);
    assertThat(odd.id().value()).isEqualTo("a1000000-0000-4000-8000-0000000000aa");
    assertThat(odd.accountEnabled()).isTrue();
    assertThat(odd.businessPhones()).isEmpty();
    assertThat(odd.proxyAddresses()).containsExactly("SMTP:odd@acmedental.example");
    assertThat(odd.assignedLicenseCount()).isEqualTo(2);
    assertThat(odd.jobTitle()).isNull();
    assertThat(odd.mobilePhone()).isEqualTo("5550100");
    DirectoryUser bare = users.get(1);
    assertThat(bare.assignedLicenseCount()).isNull(); // not reported -> unknown
    assertThat(bare.userType()).isNull();
    assertThat(bare.accountEnabled()).isNull();
    assertThat(bare.mail()).isNull();
  }

  @Test
  void aMessageWhereUsersBelongIsRefused() {
    emulator.respondOnce("ListUsers", 200, "application/json",
        "[{\"Message\":\"This function has been deprecated for all users, please use ListGraphRequest instead\"}]");
    assertThatThrownBy(() -> list(ACME, ListingRequest.full(999)))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("deprecated for all users");
  }

  @Test
  void aRowWithoutAValidIdIsSkippedAndTheListingIsIncomplete() {
    emulator.respondOnce("ListUsers", 200, "application/json", "["
        + "{\"id\":\"" + DANA + "\",\"displayName\":\"Dana\"},"
        + "{\"id\":\"not-a-guid\",\"displayName\":\"x\"},"
        + "{\"displayName\":\"no id at all\"},"
        + "{\"id\":\"" + FORMER + "\",\"displayName\":\"Former\"}]");

    Pages pages = list(ACME, ListingRequest.full(1));

    assertThat(pages.ids()).containsExactly(DANA, FORMER);
    // nobody may be inferred deleted from a listing that skipped rows
    assertThat(pages.outcome.complete()).isFalse();
    // offsets count rows, so resuming after the first page skips the bad rows too
    assertThat(pages.pages.get(0).resumeCursor()).startsWith("offset:3;page:1");
  }

  @Test
  void anUnknownTenantIsACompleteEmptyListing() {
    // CIPP answers 200 [] for unknown, excluded or out-of-scope tenants; the core's deletion-safety
    // rule, not this adapter, refuses to infer deletions from it.
    Pages pages = list("12345678-aaaa-4bbb-8ccc-123456789012", ListingRequest.full(999));
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(pages.pages).hasSize(1);
    assertThat(pages.pages.get(0).changes()).isEmpty();
    assertThat(pages.pages.get(0).isLast()).isTrue();
  }
}
