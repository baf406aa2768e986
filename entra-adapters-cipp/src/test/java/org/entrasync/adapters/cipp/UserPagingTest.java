package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.entrasync.adapters.cipp.internal.CippClient;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users through CIPP's paged route: ListGraphRequest with manual pagination over {@code users}. */
class UserPagingTest extends EmulatorTestBase {
  private static final String BIG = "7e57a000-4444-4d44-8d44-000000000044";

  @BeforeEach
  void tenantOfTen() {
    directory.addTenant(BIG, "Big Tenant", "big.example").addSyntheticUsers("b0000000", 10);
  }

  private static String id(int i) {
    return String.format("b0000000-0000-4000-8000-%012d", i);
  }

  private static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add(id(i));
    }
    return ids;
  }

  private List<CippEmulator.LoggedRequest> pageRequests() {
    return emulator.requests("ListGraphRequest");
  }

  @Test
  void asksCippForOneGraphPageAtATimeAndFollowsItsNextLinks() {
    Pages pages = list(BIG, ListingRequest.full(3));

    assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(3, 3, 3, 1);
    assertThat(pages.pages).extracting(DirectoryPage::index).containsExactly(0, 1, 2, 3);
    assertThat(pages.pages).extracting(DirectoryPage::isLast).containsExactly(false, false, false, true);
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.outcome.complete()).isTrue();

    List<CippEmulator.LoggedRequest> requests = pageRequests();
    assertThat(requests).hasSize(4);
    CippEmulator.LoggedRequest first = requests.get(0);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/api/ListGraphRequest");
    assertThat(first.query()).containsOnlyKeys("tenantFilter", "Endpoint", "$select", "$top", "manualPagination")
        .containsEntry("tenantFilter", BIG)
        .containsEntry("Endpoint", "users")
        .containsEntry("$select", CippClient.USER_SELECT)
        .containsEntry("$top", "3")
        .containsEntry("manualPagination", "true");
    assertThat(first.bearerToken()).isEqualTo(TOKEN);
    for (CippEmulator.LoggedRequest next : requests.subList(1, 4)) {
      assertThat(next.query().get("nextLink")).startsWith("https://graph.microsoft.com/");
    }
  }

  @Test
  void asksForTheSamePropertiesAsTheGraphAdapter() {
    assertThat(CippClient.USER_SELECT.split(",")).containsExactlyInAnyOrder("id", "displayName", "givenName",
        "surname", "mail", "userPrincipalName", "proxyAddresses", "accountEnabled", "userType", "jobTitle",
        "mobilePhone", "businessPhones", "assignedLicenses");
  }

  @Test
  void anExactMultipleEndsWithAFullLastPage() {
    Pages pages = list(BIG, ListingRequest.full(5));
    assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(5, 5);
    assertThat(pages.pages.get(1).isLast()).isTrue();
    assertThat(pageRequests()).hasSize(2);
  }

  @Test
  void theConfiguredPageSizeCapsTheRequest() {
    try (CippDirectoryGateway small = new CippDirectoryGateway(secrets, config().pageSize(4).build())) {
      Pages pages = list(small, BIG, ListingRequest.full(999));
      assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(4, 4, 2);
      assertThat(pageRequests().get(0).query()).containsEntry("$top", "4");
    }
  }

  @Test
  void resumesFromAPageCursor() {
    Pages first = list(BIG, ListingRequest.full(3));
    String cursor = first.pages.get(1).resumeCursor(); // after 6 users
    assertThat(cursor).startsWith("cipp:v2;tenant=" + BIG + ";page=2;skip=0;link=https://graph.microsoft.com/");

    Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(cursor));

    assertThat(resumed.ids()).isEqualTo(ids(6, 10));
    assertThat(resumed.pages).extracting(DirectoryPage::index).containsExactly(2, 3);
    assertThat(resumed.outcome.complete()).isTrue();
    assertThat(pageRequests()).hasSize(4 + 2); // the resumed call starts at the cursor's page
  }

  @Test
  void resumingAtEveryPageDeliversExactlyThePagesAfterIt() {
    Pages all = list(BIG, ListingRequest.full(3));
    for (int n = 0; n < all.pages.size() - 1; n++) {
      Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(all.pages.get(n).resumeCursor()));
      List<String> expected = new ArrayList<>();
      for (DirectoryPage p : all.pages.subList(n + 1, all.pages.size())) {
        p.changes().forEach(c -> expected.add(c.objectId().value()));
      }
      assertThat(resumed.ids()).as("after page " + n).isEqualTo(expected);
      assertThat(resumed.pages.get(0).index()).isEqualTo(n + 1);
      assertThat(resumed.outcome.complete()).isTrue();
    }
  }

  @Test
  void aForeignCursorStartsOver() {
    String otherTenants = list(ACME, ListingRequest.full(2)).pages.get(0).resumeCursor();
    for (String foreign : List.of("offset:3;page:1;last:" + id(2), "https://graph.microsoft.com/v1.0/users?$skiptoken=x",
        otherTenants, "cipp:v2;tenant=" + BIG + ";page=1;skip=0;link=https://evil.example/users")) {
      Pages pages = list(BIG, ListingRequest.full(5).resumingAt(foreign));
      assertThat(pages.ids()).as(foreign).isEqualTo(ids(0, 10));
      assertThat(pages.pages.get(0).index()).isZero();
      assertThat(pages.outcome.complete()).isTrue();
    }
  }

  @Test
  void anExpiredPageTokenRestartsTheListingFromItsFirstPage() {
    emulator.fault(Fault.EXPIRE_PAGE_TOKEN, 1);

    Pages pages = list(BIG, ListingRequest.full(3));

    // the first page again, then the rest: applying a page twice is harmless, skipping one is not
    assertThat(pages.ids()).containsExactlyElementsOf(concat(ids(0, 3), ids(0, 10)));
    assertThat(pages.pages).as("the restart counts pages from 0 again").extracting(DirectoryPage::index)
        .containsExactly(0, 0, 1, 2, 3);
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(pageRequests().get(1).status()).isEqualTo(400);
    assertThat(pageRequests().get(2).query()).doesNotContainKey("nextLink");
  }

  @Test
  void aResumeFromAnOldCursorWhosePageTokenExpiredStartsOver() {
    String cursor = list(BIG, ListingRequest.full(3)).pages.get(1).resumeCursor();
    emulator.fault(Fault.EXPIRE_PAGE_TOKEN, 1); // what Graph says to a page token from an old heartbeat

    Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(cursor));

    assertThat(resumed.ids()).isEqualTo(ids(0, 10));
    assertThat(resumed.pages).as("a restart counts pages from 0 again").extracting(DirectoryPage::index)
        .containsExactly(0, 1, 2, 3);
    assertThat(resumed.outcome.complete()).isTrue();
  }

  @Test
  void pageTokensThatKeepExpiringEndRetryably() {
    emulator.fault(Fault.EXPIRE_PAGE_TOKEN, 50);
    assertThatThrownBy(() -> list(BIG, ListingRequest.full(3)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aTruncatedAnswerIsReadAgain() {
    emulator.fault(Fault.TRUNCATED, 1);
    Pages pages = list(BIG, ListingRequest.full(2));
    assertThat(pages.ids()).isEqualTo(ids(0, 10)); // every user exactly once, in order
    assertThat(pages.pages).extracting(DirectoryPage::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(pageRequests()).hasSize(6);
  }

  @Test
  void aDroppedConnectionIsReadAgain() {
    emulator.fault(Fault.DISCONNECT, 1);
    Pages pages = list(BIG, ListingRequest.full(2));
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.outcome.complete()).isTrue();
  }

  @Test
  void whenEveryAttemptBreaksTheFailureIsRetryableAndThePagesBeforeCarryACursor() {
    List<DirectoryPage> seen = new ArrayList<>();
    assertThatThrownBy(() -> gateway.streamUsers(MSP, EntraTenantId.of(BIG), ListingRequest.full(2), page -> {
      seen.add(page);
      emulator.fault(Fault.TRUNCATED, 10);
    })).isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("truncated or malformed ListGraphRequest response for tenant " + BIG);
    assertThat(pageRequests()).hasSize(1 + FAST_BACKGROUND.maxAttempts());
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).resumeCursor()).startsWith("cipp:v2;");
  }

  @Test
  void aCippThatDoesNotPageIsHandedOutInPagesThatResumeWithinItsAnswer() {
    // an older CIPP ignores manualPagination and answers every user at once, without a next link
    String all = "{\"Results\":[" + String.join(",", ids(0, 7).stream()
        .map(id -> "{\"id\":\"" + id + "\",\"displayName\":\"x\"}").toList()) + "],\"Metadata\":{\"Endpoint\":\"users\"}}";
    emulator.respondOnce("ListGraphRequest", 200, "application/json", all);

    Pages pages = list(BIG, ListingRequest.full(3));

    assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(3, 3, 1);
    assertThat(pages.ids()).isEqualTo(ids(0, 7));
    assertThat(pages.pages.get(0).resumeCursor()).endsWith(";page=1;skip=3;link=first");
    emulator.respondOnce("ListGraphRequest", 200, "application/json", all);
    Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(pages.pages.get(0).resumeCursor()));
    assertThat(resumed.ids()).isEqualTo(ids(3, 7));
  }

  @Test
  void anEmptyTenantIsOneEmptyLastPage() {
    directory.addTenant("7e57a000-6666-4d66-8d66-000000000066", "Empty", "empty.example");
    Pages pages = list("7e57a000-6666-4d66-8d66-000000000066", ListingRequest.full(50));
    assertThat(pages.pages).hasSize(1);
    assertThat(pages.pages.get(0).changes()).isEmpty();
    assertThat(pages.pages.get(0).isLast()).isTrue();
    assertThat(pages.outcome.complete()).isTrue();
  }

  @Test
  void aSinkFailureStopsTheListingAndIsNotRetried() {
    IllegalStateException boom = new IllegalStateException("database down");
    assertThatThrownBy(() -> gateway.streamUsers(MSP, EntraTenantId.of(BIG), ListingRequest.full(2), p -> {
      throw boom;
    })).isSameAs(boom);
    EntraUnavailableException unavailable = new EntraUnavailableException("host store unavailable");
    assertThatThrownBy(() -> gateway.streamUsers(MSP, EntraTenantId.of(BIG), ListingRequest.full(2), p -> {
      throw unavailable;
    })).isSameAs(unavailable);
    assertThat(pageRequests()).hasSize(2);
  }

  @Test
  void thereIsNoDeltaOnCipp() {
    assertThat(gateway.supportsDelta()).isFalse();
    assertThatThrownBy(() -> list(BIG, ListingRequest.delta("some-delta-link", 100)))
        .isInstanceOf(DeltaCursorExpiredException.class)
        .hasMessageContaining("full listing");
    assertThat(emulator.requests()).isEmpty();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
