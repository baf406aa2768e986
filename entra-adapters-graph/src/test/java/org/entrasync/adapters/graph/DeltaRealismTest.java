package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryField;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delta rounds and user entries as Graph really sends them (concepts/delta-query-overview.md,
 * api-reference/v1.0/api/user-delta.md, resources/user.md): partial entries, replays and disorder,
 * {@code userType: null}, proxy addresses of every kind.
 */
class DeltaRealismTest extends GraphTestBase {
  private String deltaCursor;

  @BeforeEach
  void listOnce() {
    connect();
    deltaCursor = list(FABRIKAM, ListingRequest.full(999)).outcome().newDeltaCursor();
  }

  private EmulatedTenant fabrikam() {
    return directory.requireTenant(FABRIKAM);
  }

  private DirectoryChange.Present present(List<DirectoryChange> changes, String id) {
    return changes.stream().filter(c -> c.objectId().value().equals(id)).map(DirectoryChange.Present.class::cast)
        .findFirst().orElseThrow();
  }

  @Test
  void aPartialDeltaEntryReportsExactlyThePropertiesGraphSent() {
    emulator.partialDelta();
    EmulatedUser second = fabrikam().user(userId(1, 2)).orElseThrow();
    fabrikam().upsert(second.withJobTitle("Practice Manager"));
    fabrikam().disable(userId(1, 3));

    List<DirectoryChange> changes = list(FABRIKAM, ListingRequest.delta(deltaCursor, 999)).changes();

    DirectoryChange.Present retitled = present(changes, userId(1, 2));
    assertThat(retitled.isPartial()).isTrue();
    assertThat(retitled.reportedFields()).containsExactly(DirectoryField.JOB_TITLE);
    assertThat(retitled.user().jobTitle()).isEqualTo("Practice Manager");
    assertThat(retitled.user().accountEnabled()).as("not sent: not changed, and not guessed").isNull();
    DirectoryChange.Present disabled = present(changes, userId(1, 3));
    assertThat(disabled.reportedFields()).containsExactly(DirectoryField.ACCOUNT_ENABLED);
    assertThat(disabled.user().accountEnabled()).isFalse();
  }

  @Test
  void aUserNewSinceTheLastRoundComesWholeInAPartialRound() {
    emulator.partialDelta();
    fabrikam().upsert(EmulatedUser.member(userId(1, 9), "user9@fabrikamdental.example", "Fabrikam User9"));
    DirectoryChange.Present added = present(list(FABRIKAM, ListingRequest.delta(deltaCursor, 999)).changes(), userId(1, 9));
    assertThat(added.isPartial()).isFalse();
  }

  @Test
  void aFullListingReportsEveryFieldEvenWhenGraphOmitsANullOne() {
    fabrikam().upsert(fabrikam().user(userId(1, 4)).orElseThrow().withAccountEnabled(null));
    DirectoryChange.Present unknown = present(list(FABRIKAM, ListingRequest.full(999)).changes(), userId(1, 4));
    assertThat(unknown.reportedFields()).isEqualTo(DirectoryField.all());
    assertThat(unknown.user().accountEnabled()).isNull();
  }

  @Test
  void aRoundWithReplayedAndReorderedEntriesDeliversEachUserOncePerPageInItsLastState() {
    emulator.deltaDuplicatesAndDisorder();
    fabrikam().disable(userId(1, 1));
    fabrikam().delete(userId(1, 5));

    List<DirectoryPage> pages = list(FABRIKAM, ListingRequest.delta(deltaCursor, 999)).pages();

    for (DirectoryPage page : pages) {
      assertThat(page.changes()).extracting(c -> c.objectId().value()).doesNotHaveDuplicates();
    }
    List<DirectoryChange> changes = pages.stream().flatMap(p -> p.changes().stream()).toList();
    assertThat(changes).extracting(c -> c.objectId().value()).containsExactlyInAnyOrder(userId(1, 1), userId(1, 5));
    assertThat(present(changes, userId(1, 1)).user().accountEnabled()).isFalse();
  }

  @Test
  void aUserWithoutUserTypeIsListedAsReportedNotDroppedAndNotAGuest() {
    emulator.nullUserType(userId(1, 3));
    Listing listing = list(FABRIKAM, ListingRequest.full(999));
    DirectoryUser user = present(listing.changes(), userId(1, 3)).user();
    assertThat(user.userType()).isNull();
    assertThat(user.isGuest()).isFalse();
    assertThat(listing.pages().get(0).malformedRecords()).isZero();
    assertThat(listing.outcome().complete()).isTrue();
  }

  @Test
  void proxyAddressesOfEveryKindArriveAndOnlySmtpOnesAreEmailIdentities() {
    fabrikam().upsert(new EmulatedUser(userId(1, 6), "user6@fabrikamdental.example", "user6@fabrikamdental.example",
        "Fabrikam User6", "Fabrikam", "User6", true, "Member", null, null, List.of(), 1,
        List.of("SMTP:user6@fabrikamdental.example", "smtp:u6@fabrikamdental.example",
            "SIP:user6@fabrikamdental.example", "X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=u6",
            "SPO:SPO_0f1e2d3c-0000-4000-8000-000000000006@SPO_11111111-aaaa-4bbb-8ccc-000000000001")));
    DirectoryUser user = present(list(FABRIKAM, ListingRequest.full(999)).changes(), userId(1, 6)).user();
    assertThat(user.proxyAddresses()).hasSize(5);
    assertThat(user.emailIdentities()).containsExactly("user6@fabrikamdental.example", "u6@fabrikamdental.example");
    assertThat(EnumSet.copyOf(DirectoryField.all())).contains(DirectoryField.PROXY_ADDRESSES);
  }
}
