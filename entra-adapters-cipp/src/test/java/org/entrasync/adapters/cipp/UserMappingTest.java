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
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.model.EntraTenantId;
import org.junit.jupiter.api.Test;

/** A ListGraphRequest row to a {@code DirectoryUser}, exactly as the Graph adapter maps a Graph user. */
class UserMappingTest extends EmulatorTestBase {

  /** A ListGraphRequest answer holding {@code rows} (a JSON array) and no next link. */
  static String answer(String rows) {
    return "{\"Results\":" + rows + ",\"Metadata\":{\"Endpoint\":\"users\",\"TenantFilter\":\"" + ACME
        + "\",\"ManualPagination\":true}}";
  }

  private Map<String, DirectoryUser> byId(List<DirectoryUser> users) {
    return users.stream().collect(Collectors.toMap(u -> u.id().value(), Function.identity()));
  }

  @Test
  void mapsEveryFieldLikeTheGraphAdapter() {
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
    CippEmulator.LoggedRequest r = emulator.requests("ListGraphRequest").get(0);
    assertThat(r.query()).containsEntry("tenantFilter", ACME);
    assertThat(r.headerNames()).doesNotContain("x-api-key");
  }

  @Test
  void mapsTheDocumentedRowsAndIgnoresCippsAdditions() {
    // the documented ListUsers rows carry CIPP's additions (primDomain, LicJoined, manager, ...): ignored
    emulator.respondOnce("ListGraphRequest", 200, "application/json",
        answer(ListTenantsTest.payload("cipp-list-users.json")));

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
  void unknownFieldsAndOddShapesNeverBreakParsingAndAreNeverCoerced() {
    emulator.respondOnce("ListGraphRequest", 200, "application/json", answer("[{"
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
        + "\"assignedLicenses\":null,\"userType\":null,\"Tenant\":\"" + ACME + "\",\"CippStatus\":\"Good\"}]"));

    Pages pages = list(ACME, ListingRequest.full(999));
    List<DirectoryUser> users = pages.users();

    assertThat(pages.outcome.complete()).isTrue(); // a malformed entry with an id is still seen
    DirectoryUser odd = users.get(0);
    assertThat(odd.id().value()).isEqualTo("a1000000-0000-4000-8000-0000000000aa");
    assertThat(odd.accountEnabled()).isNull(); // the string "true" is not a boolean: unknown, not enabled
    assertThat(odd.businessPhones()).isEmpty();
    assertThat(odd.proxyAddresses()).containsExactly("SMTP:odd@acmedental.example");
    assertThat(odd.assignedLicenseCount()).isEqualTo(2);
    assertThat(odd.jobTitle()).isNull();
    assertThat(odd.mobilePhone()).isNull(); // a number is not a phone text
    DirectoryUser bare = users.get(1);
    assertThat(bare.assignedLicenseCount()).isNull(); // not reported -> unknown
    assertThat(bare.userType()).isNull();
    assertThat(bare.accountEnabled()).isNull();
    assertThat(bare.mail()).isNull();
  }

  @Test
  void anEntryWithoutAReadableIdIsCountedAndMakesTheListingIncomplete() {
    emulator.respondOnce("ListGraphRequest", 200, "application/json", answer("["
        + "{\"id\":\"" + DANA + "\",\"displayName\":\"Dana\"},"
        + "{\"id\":\"not-a-guid\",\"displayName\":\"x\"},"
        + "{\"displayName\":\"no id at all\"},"
        + "42,"
        + "{\"id\":\"" + FORMER + "\",\"displayName\":7,\"accountEnabled\":false}]"));

    Pages pages = list(ACME, ListingRequest.full(999));

    assertThat(pages.ids()).containsExactly(DANA, FORMER);
    assertThat(pages.pages.get(0).malformedRecords()).isEqualTo(3);
    // nobody may be inferred deleted from a listing that dropped entries it could not identify
    assertThat(pages.outcome.complete()).isFalse();
    DirectoryUser former = pages.users().get(1);
    assertThat(former.displayName()).isNull();
    assertThat(former.accountEnabled()).isFalse();
  }

  @Test
  void aTenantOutsideCippsTenantListIsThatTenantsGdapProblem() {
    // ListUsers answered 200 [] here (an empty, complete listing); ListGraphRequest says why
    assertThatThrownBy(() -> list("12345678-aaaa-4bbb-8ccc-123456789012", ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class, e -> {
          assertThat(e.tenantId()).isEqualTo(EntraTenantId.of("12345678-aaaa-4bbb-8ccc-123456789012"));
          assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.FIX_GDAP);
        })
        .hasMessageContaining("not in CIPP's tenant list");
  }
}
