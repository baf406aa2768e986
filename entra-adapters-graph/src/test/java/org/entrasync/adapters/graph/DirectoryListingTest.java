package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryChange.Present;
import org.entrasync.core.model.DirectoryChange.RemovalKind;
import org.entrasync.core.model.DirectoryChange.Removed;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.EntraRejectedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryListingTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.clearRequests();
  }

  private GraphDirectoryGateway gateway() {
    return adapter.directoryGateway();
  }

  private static List<String> ids(List<DirectoryChange> changes) {
    return changes.stream().map(c -> c.objectId().value()).collect(Collectors.toList());
  }

  private static DirectoryUser user(List<DirectoryChange> changes, String id) {
    return changes.stream().filter(c -> c.objectId().value().equals(id)).map(c -> ((Present) c).user())
        .findFirst().orElseThrow();
  }

  @Test
  void theGatewayIsTheDirectOneWithDelta() {
    assertThat(gateway().type()).isEqualTo(ConnectionType.DIRECT);
    assertThat(gateway().supportsDelta()).isTrue();
  }

  @Test
  void discoveryListsEveryCustomerWithPrimaryDomainAndUserCount() {
    List<DiscoveredTenant> tenants = gateway().listManagedTenants(MSP);

    assertThat(tenants).containsExactly(
        new DiscoveredTenant(EntraTenantId.of(FABRIKAM), "Fabrikam Dental LLC", "fabrikamdental.example", 5),
        new DiscoveredTenant(EntraTenantId.of(NORTHWIND), "Northwind Plumbing", "northwindplumbing.onmicrosoft.com", 3),
        new DiscoveredTenant(EntraTenantId.of(CONTOSO), "Contoso Ltd", "contoso.example", 2));
    assertThat(emulator.graphRequests("/users/$count")).hasSize(3)
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
    assertThat(emulator.graphRequests("/organization")).extracting(GraphEmulator.Call::tenant)
        .containsExactlyInAnyOrder(FABRIKAM, NORTHWIND, CONTOSO);
  }

  @Test
  void discoveryFollowsEveryPageOfCustomers() {
    emulator.customersPageCap(1);
    assertThat(gateway().listManagedTenants(MSP)).hasSize(3);
    List<GraphEmulator.Call> pages = emulator.graphRequests("/tenantRelationships/delegatedAdminCustomers");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).query()).containsEntry("$top", "300").doesNotContainKey("$skiptoken");
    assertThat(pages.get(1).query()).containsKey("$skiptoken");
    assertThat(gateway().validate(MSP)).isEqualTo(3);
  }

  @Test
  void validateCountsTheCustomersWithoutReadingThem() {
    assertThat(gateway().validate(MSP)).isEqualTo(3);
    assertThat(emulator.requests(c -> c.isToken())).isEmpty();
    assertThat(emulator.graphRequests("/organization")).isEmpty();
  }

  @Test
  void aFullListingStreamsPageByPageWithResumeCursorsAndADeltaCursor() {
    Listing listing = list(FABRIKAM, ListingRequest.full(2));

    assertThat(listing.pages()).extracting(DirectoryPage::index).containsExactly(0, 1, 2);
    assertThat(listing.pages()).extracting(p -> p.changes().size()).containsExactly(2, 2, 1);
    assertThat(listing.pages().get(0).resumeCursor()).isNotNull();
    assertThat(listing.pages().get(1).resumeCursor()).isNotNull();
    assertThat(listing.pages().get(2).isLast()).isTrue();
    assertThat(ids(listing.changes())).containsExactly(userId(1, 1), userId(1, 2), userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(listing.outcome().complete()).isTrue();
    assertThat(listing.outcome().newDeltaCursor()).startsWith(emulator.graphBaseUrl() + "/users/delta?$deltatoken=");

    List<GraphEmulator.Call> calls = emulator.requests(GraphEmulator.Call::isGraph);
    assertThat(calls.get(0).path()).startsWith("/v1.0/users/delta");
    assertThat(calls.get(0).query()).containsEntry("$deltatoken", "latest");
    List<GraphEmulator.Call> users = emulator.graphRequests("/users").stream()
        .filter(c -> c.path().equals("/v1.0/users")).collect(Collectors.toList());
    assertThat(users).hasSize(3).allSatisfy(c -> assertThat(c.query())
        .containsEntry("$select", "id,displayName,givenName,surname,mail,userPrincipalName,proxyAddresses,"
            + "accountEnabled,userType,jobTitle,mobilePhone,businessPhones,assignedLicenses")
        .containsEntry("$top", "2"));
  }

  @Test
  void theDefaultPageSizeIs999() {
    list(CONTOSO, ListingRequest.full(ListingRequest.DEFAULT_PAGE_SIZE));
    assertThat(emulator.graphRequests("/users").stream().filter(c -> c.path().equals("/v1.0/users")).findFirst()
        .orElseThrow().query()).containsEntry("$top", "999");
  }

  @Test
  void aListingResumesFromAPageCursor() {
    Listing first = list(FABRIKAM, ListingRequest.full(2));
    String cursor = first.pages().get(0).resumeCursor();
    emulator.clearRequests();

    Listing resumed = list(FABRIKAM, ListingRequest.full(2).resumingAt(cursor));

    assertThat(resumed.pages()).extracting(DirectoryPage::index).containsExactly(1, 2);
    assertThat(ids(resumed.changes())).containsExactly(userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(resumed.outcome().newDeltaCursor()).isEqualTo(first.outcome().newDeltaCursor());
    assertThat(emulator.graphRequests("/users/delta")).isEmpty();
  }

  @Test
  void aBareNextLinkIsNotAResumeCursorAndTheListingStartsAgain() {
    String nextLink = emulator.graphBaseUrl() + "/users?$select=id,accountEnabled&$top=2&$skiptoken="
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("users:" + FABRIKAM + ":" + userId(1, 3) + ":"
            + System.currentTimeMillis()).getBytes());
    Listing resumed = list(FABRIKAM, ListingRequest.full(2).resumingAt(nextLink));
    // it names no tenant, mode or page index: the listing starts again (DirectoryGatewayContract)
    assertThat(ids(resumed.changes())).containsExactly(userId(1, 1), userId(1, 2), userId(1, 3), userId(1, 4),
        userId(1, 5));
    assertThat(resumed.pages().get(0).index()).isZero();
  }

  @Test
  void usersMapToTheCoreModelWithUnknownEnabledStateKeptUnknown() {
    EmulatedTenant contoso = directory.requireTenant(CONTOSO);
    contoso.upsert(new EmulatedUser(userId(3, 10), "scanner@contoso.example", null, "Scanner", null, null,
        null, "Member", null, null, List.of(), 0, List.of()));
    contoso.upsert(new EmulatedUser(userId(3, 11), "guest_x.example#EXT#@contoso.onmicrosoft.com", "guest@x.example",
        "Guest Person", "Guest", "Person", false, "Guest", "Consultant", "+1 555 0199",
        List.of("+1 555 0100", "+1 555 0101"), 3, List.of("SMTP:guest@x.example", "smtp:alias@x.example")));

    List<DirectoryChange> changes = list(CONTOSO, ListingRequest.full(999)).changes();

    DirectoryUser scanner = user(changes, userId(3, 10));
    assertThat(scanner.accountEnabled()).isNull();
    assertThat(scanner.isKnownEnabled()).isFalse();
    assertThat(scanner.mail()).isNull();
    assertThat(scanner.assignedLicenseCount()).isZero();
    assertThat(scanner.userPrincipalName()).isEqualTo("scanner@contoso.example");

    DirectoryUser guest = user(changes, userId(3, 11));
    assertThat(guest.accountEnabled()).isFalse();
    assertThat(guest.userType()).isEqualTo("Guest");
    assertThat(guest.isGuest()).isTrue();
    assertThat(guest.mail()).isEqualTo("guest@x.example");
    assertThat(guest.givenName()).isEqualTo("Guest");
    assertThat(guest.surname()).isEqualTo("Person");
    assertThat(guest.displayName()).isEqualTo("Guest Person");
    assertThat(guest.jobTitle()).isEqualTo("Consultant");
    assertThat(guest.mobilePhone()).isEqualTo("+1 555 0199");
    assertThat(guest.businessPhones()).containsExactly("+1 555 0100", "+1 555 0101");
    assertThat(guest.proxyAddresses()).containsExactly("SMTP:guest@x.example", "smtp:alias@x.example");
    assertThat(guest.assignedLicenseCount()).isEqualTo(3);

    assertThat(user(changes, userId(3, 1)).accountEnabled()).isTrue();
  }

  @Test
  void deltaReportsAdditionsChangesAndBothKindsOfRemoval() {
    String cursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    EmulatedTenant fabrikam = directory.requireTenant(FABRIKAM);
    fabrikam.upsert(EmulatedUser.member(userId(1, 6), "new@fabrikamdental.example", "New Hire"));
    fabrikam.disable(userId(1, 2));
    fabrikam.upsert(fabrikam.user(userId(1, 3)).orElseThrow().withJobTitle("Office Manager"));
    fabrikam.softDelete(userId(1, 4));
    fabrikam.delete(userId(1, 5));
    directory.requireTenant(CONTOSO).disable(userId(3, 1)); // another tenant's change stays there
    emulator.clearRequests();

    Listing delta = list(FABRIKAM, ListingRequest.delta(cursor, 999));

    List<DirectoryChange> changes = delta.changes();
    assertThat(ids(changes)).containsExactlyInAnyOrder(userId(1, 6), userId(1, 2), userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(user(changes, userId(1, 6)).mail()).isEqualTo("new@fabrikamdental.example");
    assertThat(user(changes, userId(1, 2)).accountEnabled()).isFalse();
    assertThat(user(changes, userId(1, 3)).jobTitle()).isEqualTo("Office Manager");
    assertThat(changes).contains(
        new Removed(EntraObjectId.of(userId(1, 4)), RemovalKind.SOFT_DELETED),
        new Removed(EntraObjectId.of(userId(1, 5)), RemovalKind.DELETED));
    assertThat(delta.outcome().complete()).isTrue();
    assertThat(delta.outcome().newDeltaCursor()).isNotEqualTo(cursor).startsWith(emulator.graphBaseUrl());
    assertThat(emulator.graphRequests("/users/delta").get(0).query()).containsKey("$deltatoken");

    // the next round only reports what changed since
    Listing quiet = list(FABRIKAM, ListingRequest.delta(delta.outcome().newDeltaCursor(), 999));
    assertThat(quiet.changes()).isEmpty();
    assertThat(quiet.pages()).hasSize(1);
    assertThat(quiet.pages().get(0).isLast()).isTrue();
    fabrikam.enable(userId(1, 2));
    Listing again = list(FABRIKAM, ListingRequest.delta(quiet.outcome().newDeltaCursor(), 999));
    assertThat(ids(again.changes())).containsExactly(userId(1, 2));
    assertThat(user(again.changes(), userId(1, 2)).accountEnabled()).isTrue();
  }

  @Test
  void deltaFollowsNextLinksAcrossServerPages() {
    emulator.deltaPageSize(2);
    String cursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    EmulatedTenant fabrikam = directory.requireTenant(FABRIKAM);
    for (int i = 1; i <= 5; i++) {
      fabrikam.upsert(fabrikam.user(userId(1, i)).orElseThrow().withJobTitle("Title " + i));
    }
    emulator.clearRequests();

    Listing delta = list(FABRIKAM, ListingRequest.delta(cursor, 999));

    assertThat(delta.pages()).extracting(p -> p.changes().size()).containsExactly(2, 2, 1);
    assertThat(ids(delta.changes())).containsExactly(userId(1, 1), userId(1, 2), userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(emulator.graphRequests("/users/delta")).hasSize(3);
    assertThat(emulator.graphRequests("/users/delta").get(1).query()).containsKey("$skiptoken");
    assertThat(delta.outcome().newDeltaCursor()).contains("$deltatoken=");
  }

  @Test
  void aServerPageLargerThanThePageSizeIsSplitAndResumableInside() {
    String cursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    EmulatedTenant fabrikam = directory.requireTenant(FABRIKAM);
    for (int i = 1; i <= 5; i++) {
      fabrikam.disable(userId(1, i));
    }

    Listing delta = list(FABRIKAM, ListingRequest.delta(cursor, 2));
    assertThat(delta.pages()).extracting(p -> p.changes().size()).containsExactly(2, 2, 1);
    assertThat(delta.pages()).extracting(DirectoryPage::index).containsExactly(0, 1, 2);

    Listing resumed = list(FABRIKAM, ListingRequest.delta(cursor, 2).resumingAt(delta.pages().get(0).resumeCursor()));
    assertThat(ids(resumed.changes())).containsExactly(userId(1, 3), userId(1, 4), userId(1, 5));
    assertThat(resumed.pages()).extracting(DirectoryPage::index).containsExactly(1, 2);
    assertThat(resumed.outcome().newDeltaCursor()).isNotNull();
  }

  @Test
  void anExpiredDeltaCursorSays400SyncStateNotFound() {
    String cursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    emulator.expireDeltaTokens();
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.delta(cursor, 999)))
        .isInstanceOf(DeltaCursorExpiredException.class)
        .hasMessageContaining("syncStateNotFound")
        .hasMessageContaining("full listing");
    assertThat(emulator.graphRequests("/users/delta")).last().extracting(GraphEmulator.Call::status).isEqualTo(400);
    // no retries of an expired cursor
    assertThat(emulator.graphRequests("/users/delta").stream().filter(c -> c.status() == 400)).hasSize(1);
  }

  @Test
  void aGoneDeltaCursorSays410() {
    String cursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    emulator.expireDeltaTokensAsGone();
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.delta(cursor, 999)))
        .isInstanceOf(DeltaCursorExpiredException.class)
        .hasMessageContaining("410");
    // after a fresh full listing, delta works again
    String fresh = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
    assertThat(list(FABRIKAM, ListingRequest.delta(fresh, 999)).outcome().complete()).isTrue();
  }

  @Test
  void aDeltaCursorOfAnotherEndpointCountsAsExpired() {
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.delta(
        "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc", 999)))
        .isInstanceOf(DeltaCursorExpiredException.class);
    assertThat(emulator.graphRequests("/users")).isEmpty();
  }

  @Test
  void aSinkFailureStopsTheListingAndPropagates() {
    adapter.close();
    adapter = newAdapter(config().prefetchNextPage(false).build()); // the page fetched ahead: PagePrefetchTest
    List<DirectoryPage> seen = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("sink failed");
    assertThatThrownBy(() -> gateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM), ListingRequest.full(2), page -> {
      seen.add(page);
      throw boom;
    })).isSameAs(boom);
    assertThat(seen).hasSize(1);
    assertThat(emulator.graphRequests("/users").stream().filter(c -> c.query().containsKey("$skiptoken"))).isEmpty();
  }

  @Test
  void anEmptyTenantYieldsOneEmptyLastPage() {
    directory.addTenant("44444444-aaaa-4bbb-8ccc-000000000004", "Empty Co", "empty.example");
    Listing listing = list("44444444-aaaa-4bbb-8ccc-000000000004", ListingRequest.full(10));
    assertThat(listing.pages()).hasSize(1);
    assertThat(listing.pages().get(0).changes()).isEmpty();
    assertThat(listing.pages().get(0).isLast()).isTrue();
    assertThat(listing.outcome().complete()).isTrue();
  }

  @Test
  void withoutAStoredSignInTheGatewayAsksToConnect() {
    for (String key : org.entrasync.spi.SecretKeys.DIRECT_CONNECTION_KEYS) {
      secrets.deleteTenantSecret(MSP, key);
    }
    assertThatThrownBy(() -> gateway().validate(MSP))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.CONNECT));
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.full(10)))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.CONNECT));
  }

  @Test
  void aLowPriorityListingAsksGraphToThrottleItFirstAndANormalOneDoesNot() {
    emulator.clearRequests();
    Listing low = list(FABRIKAM, ListingRequest.full(2).withPriority(ListingRequest.Priority.LOW));
    list(FABRIKAM, ListingRequest.delta(low.outcome().newDeltaCursor(), 2).withPriority(ListingRequest.Priority.LOW));
    assertThat(emulator.graphRequests("/users")).hasSizeGreaterThan(3)
        .allSatisfy(c -> assertThat(c.throttlePriority()).isEqualToIgnoringCase("low"));

    emulator.clearRequests();
    list(FABRIKAM, ListingRequest.full(2));
    assertThat(emulator.graphRequests("/users")).isNotEmpty().allSatisfy(c -> assertThat(c.throttlePriority()).isNull());
  }
}
