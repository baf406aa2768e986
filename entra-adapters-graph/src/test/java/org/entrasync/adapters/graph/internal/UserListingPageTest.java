package org.entrasync.adapters.graph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.junit.jupiter.api.Test;

/** The slim page model against bodies shaped like Graph's (contracts/graph.md, payloads A and C). */
class UserListingPageTest {

  private static UserListingPage parse(String json) {
    return new JsonParseNodeFactory()
        .getParseNode("application/json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
        .getObjectValue(UserListingPage::create);
  }

  @Test
  void readsEverySelectedPropertyAndTheNextLink() {
    UserListingPage page = parse("""
        {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)",
         "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=X",
         "value": [
          {"id": "aaaaaaaa-0000-4000-8000-000000000101", "displayName": "Dana Reyes", "givenName": "Dana",
           "surname": "Reyes", "mail": "dana@fabrikam.example", "userPrincipalName": "dana@fabrikam.example",
           "proxyAddresses": ["SMTP:dana@fabrikam.example", "smtp:d.reyes@fabrikam.example"],
           "accountEnabled": true, "userType": "Member", "jobTitle": "Hygienist", "mobilePhone": "+1 555 0101",
           "businessPhones": ["+1 555 0100"],
           "assignedLicenses": [{"disabledPlans": [], "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df"},
                                {"disabledPlans": [], "skuId": "18181a46-0d4e-45cd-891e-60aabd171b4e"}],
           "unselectedExtra": {"nested": [1, 2, 3]}},
          {"id": "aaaaaaaa-0000-4000-8000-000000000102", "displayName": "Front Desk", "givenName": null,
           "surname": null, "mail": null, "userPrincipalName": "frontdesk@fabrikam.onmicrosoft.example",
           "accountEnabled": false, "userType": "Member", "businessPhones": [], "assignedLicenses": []}
         ]}
        """);

    assertThat(page.nextLink()).isEqualTo("https://graph.microsoft.com/v1.0/users?$top=2&$skiptoken=X");
    assertThat(page.deltaLink()).isNull();
    assertThat(page.value()).hasSize(2);
    UserListingPage.Entry dana = page.value().get(0);
    assertThat(dana.id()).isEqualTo("aaaaaaaa-0000-4000-8000-000000000101");
    assertThat(dana.displayName()).isEqualTo("Dana Reyes");
    assertThat(dana.givenName()).isEqualTo("Dana");
    assertThat(dana.surname()).isEqualTo("Reyes");
    assertThat(dana.mail()).isEqualTo("dana@fabrikam.example");
    assertThat(dana.userPrincipalName()).isEqualTo("dana@fabrikam.example");
    assertThat(dana.proxyAddresses()).containsExactly("SMTP:dana@fabrikam.example", "smtp:d.reyes@fabrikam.example");
    assertThat(dana.accountEnabled()).isTrue();
    assertThat(dana.userType()).isEqualTo("Member");
    assertThat(dana.jobTitle()).isEqualTo("Hygienist");
    assertThat(dana.mobilePhone()).isEqualTo("+1 555 0101");
    assertThat(dana.businessPhones()).containsExactly("+1 555 0100");
    assertThat(dana.assignedLicenseCount()).isEqualTo(2);
    assertThat(dana.removed()).isNull();

    UserListingPage.Entry desk = page.value().get(1);
    assertThat(desk.givenName()).isNull();
    assertThat(desk.mail()).isNull();
    assertThat(desk.accountEnabled()).isFalse();
    assertThat(desk.assignedLicenseCount()).isZero();
    assertThat(desk.jobTitle()).isNull();
  }

  @Test
  void readsTheDeltaLinkAndRemovedAnnotationsOfADeltaPage() {
    UserListingPage page = parse("""
        {"@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=T3",
         "value": [
          {"id": "aaaaaaaa-0000-4000-8000-000000000101", "displayName": "Dana Reyes", "accountEnabled": false},
          {"id": "aaaaaaaa-0000-4000-8000-000000000103", "@removed": {"reason": "deleted"}},
          {"id": "aaaaaaaa-0000-4000-8000-000000000104", "@removed": {"reason": "changed"}}
         ]}
        """);

    assertThat(page.nextLink()).isNull();
    assertThat(page.deltaLink()).isEqualTo("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=T3");
    assertThat(UserMapper.toChange(page.value().get(0))).get().isInstanceOf(DirectoryChange.Present.class);
    assertThat(page.value().get(0).assignedLicenseCount()).isNull(); // not sent: unknown, not zero
    assertThat(UserMapper.toChange(page.value().get(1)))
        .contains(new DirectoryChange.Removed(org.entrasync.core.model.EntraObjectId.of(
            "aaaaaaaa-0000-4000-8000-000000000103"), DirectoryChange.RemovalKind.DELETED));
    assertThat(UserMapper.toChange(page.value().get(2)))
        .contains(new DirectoryChange.Removed(org.entrasync.core.model.EntraObjectId.of(
            "aaaaaaaa-0000-4000-8000-000000000104"), DirectoryChange.RemovalKind.SOFT_DELETED));
  }

  @Test
  void mapsAPresentUserAndSkipsAnEntryWithoutAValidId() {
    UserListingPage page = parse("""
        {"value": [
          {"id": "aaaaaaaa-0000-4000-8000-000000000101", "displayName": "Dana Reyes",
           "userPrincipalName": "dana@fabrikam.example", "mail": "Dana@Fabrikam.example", "accountEnabled": true},
          {"id": "not-a-guid", "displayName": "Broken"},
          {"displayName": "No id at all"}
         ]}
        """);

    Optional<DirectoryChange> dana = UserMapper.toChange(page.value().get(0));
    assertThat(dana).get().isInstanceOf(DirectoryChange.Present.class);
    DirectoryUser user = ((DirectoryChange.Present) dana.get()).user();
    assertThat(user.displayName()).isEqualTo("Dana Reyes");
    assertThat(user.accountEnabled()).isTrue();
    assertThat(UserMapper.toChange(page.value().get(1))).isEmpty();
    assertThat(UserMapper.toChange(page.value().get(2))).isEmpty();
  }

  @Test
  void valuesOfAnotherJsonTypeThanDocumentedAreUnknownNotCoerced() {
    UserListingPage page = parse("""
        {"value": [
          {"id": "aaaaaaaa-0000-4000-8000-000000000101", "accountEnabled": "true", "mail": 42,
           "proxyAddresses": ["SMTP:a@fabrikam.example", null, 7], "assignedLicenses": {"skuId": "x"},
           "@removed": "deleted"},
          {"id": 101},
          null,
          "not an object"
         ]}
        """);

    UserListingPage.Entry first = page.value().get(0);
    assertThat(first.accountEnabled()).isNull(); // unknown, so never treated as enabled
    assertThat(first.mail()).isNull();
    assertThat(first.proxyAddresses()).containsExactly("SMTP:a@fabrikam.example");
    assertThat(first.assignedLicenseCount()).isNull();
    assertThat(first.removed()).isNull();
    assertThat(UserMapper.toChange(page.value().get(1))).isEmpty();
    assertThat(page.value()).hasSize(4);
    assertThat(page.value().get(2)).isNull();
    assertThat(page.value().get(3)).isNull();
  }

  @Test
  void isReadOnly() {
    assertThatThrownBy(() -> parse("{\"value\": []}").serialize(null)).isInstanceOf(UnsupportedOperationException.class);
  }
}
