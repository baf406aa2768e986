package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listing contract of the {@code DirectoryGateway} port, kept by the Graph gateway against the
 * emulator: malformed rows, foreign and stale cursors, expired page tokens, deletions mid-listing.
 */
class ListingContractTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.clearRequests();
  }

  private static List<String> ids(List<DirectoryChange> changes) {
    return changes.stream().map(c -> c.objectId().value()).toList();
  }

  private List<String> fabrikamIds() {
    return List.of(userId(1, 1), userId(1, 2), userId(1, 3), userId(1, 4), userId(1, 5));
  }

  @Test
  void anEntryWithoutAnIdIsCountedAndMakesTheFullListingIncomplete() {
    emulator.entriesWithoutId(1);
    Listing listing = list(FABRIKAM, ListingRequest.full(2));
    assertThat(ids(listing.changes())).containsExactlyElementsOf(fabrikamIds());
    assertThat(listing.pages().stream().mapToInt(DirectoryPage::malformedRecords).sum()).isEqualTo(1);
    assertThat(listing.outcome().complete()).as("absence proves nothing when a row could not be read").isFalse();
  }

  @Test
  void anEntryWithoutAnIdInADeltaRoundLeavesTheCursorWhereItWas() {
    Listing full = list(FABRIKAM, ListingRequest.full(999));
    directory.requireTenant(FABRIKAM).disable(userId(1, 2));
    emulator.entriesWithoutId(1);
    Listing round = list(FABRIKAM, ListingRequest.delta(full.outcome().newDeltaCursor(), 999));
    assertThat(ids(round.changes())).containsExactly(userId(1, 2));
    assertThat(round.outcome().complete()).isFalse();
    assertThat(round.outcome().newDeltaCursor()).as("the round is read again next time").isNull();
  }

  @Test
  void aResumeCursorOfAnotherTenantRestartsTheListingFromItsFirstPage() {
    List<DirectoryPage> contosoPages = new ArrayList<>();
    adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(CONTOSO), ListingRequest.full(1), contosoPages::add);
    String contosoCursor = contosoPages.get(0).resumeCursor();

    Listing listing = list(FABRIKAM, ListingRequest.full(2).resumingAt(contosoCursor));
    assertThat(ids(listing.changes())).containsExactlyElementsOf(fabrikamIds());
    assertThat(listing.pages().get(0).index()).isZero();
    assertThat(listing.outcome().complete()).isTrue();
  }

  @Test
  void aFullListingCursorResumingADeltaRoundRestartsTheRound() {
    Listing full = list(FABRIKAM, ListingRequest.full(2));
    String fullCursor = full.pages().get(0).resumeCursor();
    directory.requireTenant(FABRIKAM).disable(userId(1, 2));
    Listing round = list(FABRIKAM, ListingRequest.delta(full.outcome().newDeltaCursor(), 2).resumingAt(fullCursor));
    assertThat(ids(round.changes())).containsExactly(userId(1, 2));
    assertThat(round.outcome().complete()).isTrue();
  }

  @Test
  void aResumeCursorThisGatewayDidNotIssueRestartsTheListing() {
    Listing listing = list(FABRIKAM, ListingRequest.full(2).resumingAt("garbage"));
    assertThat(ids(listing.changes())).containsExactlyElementsOf(fabrikamIds());
    assertThat(listing.outcome().complete()).isTrue();
  }

  @Test
  void aResumeCursorPointingElsewhereRestartsWithoutSendingAnythingThere() {
    String foreign = "https://attacker.example/v1.0/users?$skiptoken=abc";
    Listing listing = list(FABRIKAM, ListingRequest.full(2).resumingAt(foreign));
    assertThat(ids(listing.changes())).containsExactlyElementsOf(fabrikamIds());
    assertThat(emulator.requests(GraphEmulator.Call::isGraph)).allMatch(c -> !c.query().containsValue("abc"));
  }

  @Test
  void anExpiredPageTokenRestartsTheListingFromItsFirstPage() {
    emulator.expirePageToken(1);
    Listing listing = list(FABRIKAM, ListingRequest.full(2));
    List<Integer> indexes = listing.pages().stream().map(DirectoryPage::index).toList();
    assertThat(indexes).as("the first page, then the listing again from its first page").containsExactly(0, 0, 1, 2);
    assertThat(ids(listing.changes())).containsSubsequence(fabrikamIds()).containsAll(fabrikamIds());
    assertThat(listing.outcome().complete()).isTrue();
    assertThat(emulator.requests(c -> c.isGraph() && c.status() == 400)).singleElement()
        .satisfies(c -> assertThat(c.query()).containsKey("$skiptoken"));
  }

  @Test
  void aResumeFromAnOldCursorWhosePageTokenExpiredRestarts() {
    List<DirectoryPage> pages = new ArrayList<>();
    adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM), ListingRequest.full(2), pages::add);
    String oldCursor = pages.get(0).resumeCursor();

    // an old heartbeat: the page token in the cursor is past its lifetime
    emulator.pageTokenLifetime(Duration.ofMinutes(5)).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
    Listing resumed = list(FABRIKAM, ListingRequest.full(2).resumingAt(oldCursor));
    assertThat(ids(resumed.changes())).containsExactlyElementsOf(fabrikamIds());
    assertThat(resumed.outcome().complete()).isTrue();
  }

  @Test
  void pageTokensThatKeepExpiringEndInARetryableFailureNotAnEndlessRestart() {
    emulator.expirePageToken(100);
    assertThatThrownBy(() -> list(FABRIKAM, ListingRequest.full(2)))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("Directory_ExpiredPageToken");
  }

  @Test
  void deletingAListedUserMidListingSkipsNoOneElse() {
    List<DirectoryPage> pages = new ArrayList<>();
    adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM), ListingRequest.full(2), page -> {
      if (pages.isEmpty()) {
        directory.requireTenant(FABRIKAM).delete(userId(1, 1));
      }
      pages.add(page);
    });
    List<String> seen = new ArrayList<>();
    pages.forEach(p -> seen.addAll(ids(p.changes())));
    assertThat(seen).containsExactlyElementsOf(fabrikamIds());
  }
}
