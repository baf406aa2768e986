package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserPagingTest extends EmulatorTestBase {
  private static final String BIG = "7e57a000-4444-4d44-8d44-000000000044";
  private EmulatedTenant big;

  @BeforeEach
  void tenantOfTen() {
    big = directory.addTenant(BIG, "Big Tenant", "big.example").addSyntheticUsers("b0000000", 10);
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

  @Test
  void handsOutPagesOfTheRequestedSize() {
    Pages pages = list(BIG, ListingRequest.full(3));

    assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(3, 3, 3, 1);
    assertThat(pages.pages).extracting(DirectoryPage::index).containsExactly(0, 1, 2, 3);
    assertThat(pages.pages).extracting(DirectoryPage::isLast).containsExactly(false, false, false, true);
    assertThat(pages.pages.get(0).resumeCursor()).isEqualTo("offset:3;page:1;last:" + id(2));
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(emulator.requests("ListUsers")).hasSize(1); // one streamed response, paged locally
  }

  @Test
  void anExactMultipleEndsWithAFullLastPage() {
    Pages pages = list(BIG, ListingRequest.full(5));
    assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(5, 5);
    assertThat(pages.pages.get(1).isLast()).isTrue();
  }

  @Test
  void theConfiguredPageSizeCapsTheRequest() {
    try (CippDirectoryGateway small = new CippDirectoryGateway(secrets, config().pageSize(4).build())) {
      Pages pages = list(small, BIG, ListingRequest.full(999));
      assertThat(pages.pages).extracting(p -> p.changes().size()).containsExactly(4, 4, 2);
    }
  }

  @Test
  void resumesFromAPageCursor() {
    Pages first = list(BIG, ListingRequest.full(3));
    String cursor = first.pages.get(1).resumeCursor(); // after 6 users

    Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(cursor));

    assertThat(resumed.ids()).isEqualTo(ids(6, 10));
    assertThat(resumed.pages).extracting(DirectoryPage::index).containsExactly(2, 3);
    assertThat(resumed.outcome.complete()).isTrue();
    assertThat(emulator.requests("ListUsers")).hasSize(2); // a resumed call reads the array again
  }

  @Test
  void resumesFromABareOffset() {
    Pages resumed = list(BIG, ListingRequest.full(4).resumingAt("offset:8"));
    assertThat(resumed.ids()).isEqualTo(ids(8, 10));
    assertThat(resumed.pages.get(0).index()).isEqualTo(2);
    assertThat(resumed.outcome.complete()).isTrue();
  }

  @Test
  void resumingAtTheEndGivesOneEmptyLastPage() {
    Pages resumed = list(BIG, ListingRequest.full(5).resumingAt("offset:10;page:2;last:" + id(9)));
    assertThat(resumed.pages).hasSize(1);
    assertThat(resumed.pages.get(0).changes()).isEmpty();
    assertThat(resumed.pages.get(0).isLast()).isTrue();
    assertThat(resumed.outcome.complete()).isTrue();
  }

  @Test
  void aShiftedDirectoryMakesAResumedListingIncomplete() {
    String cursor = list(BIG, ListingRequest.full(3)).pages.get(0).resumeCursor(); // after id(2)
    big.delete(id(1)); // positions shift: the 3rd user is now id(3)

    Pages resumed = list(BIG, ListingRequest.full(3).resumingAt(cursor));

    assertThat(resumed.outcome.complete()).isFalse(); // so no deletion is inferred from this listing
    assertThat(resumed.ids()).isEqualTo(ids(4, 10));
  }

  @Test
  void aForeignCursorStartsOver() {
    Pages pages = list(BIG, ListingRequest.full(5).resumingAt("https://graph.microsoft.com/v1.0/users?$skiptoken=x"));
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.outcome.complete()).isTrue();
  }

  @Test
  void aTruncatedStreamIsRetriedFromWhereItBroke() {
    emulator.fault(Fault.TRUNCATED, 1, "ListUsers");

    Pages pages = list(BIG, ListingRequest.full(2));

    // every user exactly once, in order, although the first response broke off mid-array
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.pages).extracting(DirectoryPage::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(emulator.requests("ListUsers")).hasSize(2);
    assertThat(emulator.requests("ListUsers").get(0).status()).isEqualTo(200);
  }

  @Test
  void aDroppedConnectionIsRetriedFromWhereItBroke() {
    emulator.fault(Fault.DISCONNECT, 1, "ListUsers");
    Pages pages = list(BIG, ListingRequest.full(2));
    assertThat(pages.ids()).isEqualTo(ids(0, 10));
    assertThat(pages.outcome.complete()).isTrue();
    assertThat(emulator.requests("ListUsers")).hasSize(2);
  }

  @Test
  void whenEveryAttemptBreaksTheFailureIsRetryableAndSaysWhy() {
    emulator.fault(Fault.TRUNCATED, 3, "ListUsers");
    List<DirectoryPage> seen = new ArrayList<>();

    assertThatThrownBy(() -> gateway.streamUsers(MSP, EntraTenantId.of(BIG), ListingRequest.full(2), seen::add))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("truncated or malformed ListUsers response for tenant " + BIG);
    assertThat(emulator.requests("ListUsers")).hasSize(3);
    // the pages handed out before the failure carry a cursor to resume from
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).resumeCursor()).startsWith("offset:");
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
    assertThat(emulator.requests("ListUsers")).hasSize(2);
  }

  @Test
  void thereIsNoDeltaOnCipp() {
    assertThat(gateway.supportsDelta()).isFalse();
    assertThatThrownBy(() -> list(BIG, ListingRequest.delta("some-delta-link", 100)))
        .isInstanceOf(DeltaCursorExpiredException.class)
        .hasMessageContaining("full listing");
    assertThat(emulator.requests("ListUsers")).isEmpty();
  }
}
