package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryField;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listing contract of {@link DirectoryGateway#streamUsers} (its javadoc), run against every
 * gateway: the in-memory fake, the Graph gateway over its emulator and the CIPP gateway over its
 * emulator. The same directory goes into each; the same pages, cursors and outcomes must come out.
 *
 * <p>A subclass starts its gateway over the {@link EmulatedDirectory} it is given (already filled)
 * and supplies the fault hooks, each through its emulator's own means. The delta part runs only for
 * gateways that {@linkplain DirectoryGateway#supportsDelta() support delta}.
 */
public abstract class DirectoryGatewayContract {
  /** Seven users: three pages of three, three, one. */
  protected static final String ACME = "a0a0a0a0-0000-4000-8000-000000000001";
  /** Four users, for cursors of another tenant. */
  protected static final String BETA = "b0b0b0b0-0000-4000-8000-000000000002";
  /** No users at all. */
  protected static final String EMPTY = "e0e0e0e0-0000-4000-8000-000000000003";
  /** Two users; made unreadable by {@link #makeUnreadable}. */
  protected static final String GAMMA = "c0c0c0c0-0000-4000-8000-000000000004";
  protected static final int PAGE = 3;

  protected EmulatedDirectory directory;

  /** Starts the gateway (and its emulator) over {@code directory}, connected for {@link #msp()}. */
  protected abstract void startGateway(EmulatedDirectory directory);

  protected abstract void stopGateway();

  protected abstract DirectoryGateway gateway();

  protected abstract MspTenantId msp();

  /** The next listing page served (of any tenant) carries one more entry, without a readable object id. */
  protected abstract void nextPageCarriesAnEntryWithoutId();

  /** From now on, {@code userId}'s {@code accountEnabled} comes with another JSON type than a boolean. */
  protected abstract void accountEnabledOfWrongType(String userId);

  /** The next continuation of a listing (reading a page after the first) finds its page token expired. */
  protected abstract void expireNextPageToken();

  /** The connection can no longer read this customer tenant (consent, GDAP), though it is still listed. */
  protected abstract void makeUnreadable(String tenantId);

  /** Every delta cursor issued so far is no longer accepted (only called when delta is supported). */
  protected void expireDeltaCursors() {
    throw new UnsupportedOperationException("this gateway has no delta");
  }

  /**
   * Cursors this gateway did not issue but could be handed, shaped like its own (the source's raw next
   * link, an older format); {@code issued} is the cursor it issued after page 0 of {@link #ACME}'s full
   * listing at {@link #PAGE}. None by default.
   */
  protected List<String> lookalikeCursors(String issued) {
    return List.of();
  }

  protected static String user(int tenant, int n) {
    return String.format(Locale.ROOT, "%08x-1111-4000-8000-%012d", tenant, n);
  }

  @BeforeEach
  final void startContract() {
    directory = new EmulatedDirectory();
    EmulatedTenant acme = directory.addTenant(ACME, "Acme Dental", "acmedental.example");
    for (int n = 1; n <= 7; n++) {
      acme.upsert(EmulatedUser.member(user(0xa, n), "user" + n + "@acmedental.example", "Acme User" + n)
          .withJobTitle("Role " + n));
    }
    acme.disable(user(0xa, 6));
    EmulatedTenant beta = directory.addTenant(BETA, "Beta Logistics", "betalogistics.example");
    for (int n = 1; n <= 4; n++) {
      beta.upsert(EmulatedUser.member(user(0xb, n), "user" + n + "@betalogistics.example", "Beta User" + n));
    }
    directory.addTenant(EMPTY, "Empty Holdings", "emptyholdings.example");
    EmulatedTenant gamma = directory.addTenant(GAMMA, "Gamma Partners", "gammapartners.example");
    for (int n = 1; n <= 2; n++) {
      gamma.upsert(EmulatedUser.member(user(0xc, n), "user" + n + "@gammapartners.example", "Gamma User" + n));
    }
    startGateway(directory);
  }

  @AfterEach
  final void stopContract() {
    stopGateway();
  }

  private List<String> acmeIds() {
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= 7; n++) {
      ids.add(user(0xa, n));
    }
    return ids;
  }

  // ---- complete listings -----------------------------------------------------------------------

  @Test
  void aFullListingDeliversEveryUserOnceInPagesOfTheRequestedSizeAndIsComplete() {
    Listing listing = list(ACME, ListingRequest.full(PAGE));

    assertThat(listing.ids()).containsExactlyInAnyOrderElementsOf(acmeIds()).doesNotHaveDuplicates();
    assertThat(listing.pages).extracting(p -> p.changes().size()).containsExactly(3, 3, 1);
    assertThat(listing.indexes()).containsExactly(0, 1, 2);
    assertThat(listing.pages).extracting(DirectoryPage::isLast).containsExactly(false, false, true);
    assertThat(listing.malformed()).isZero();
    assertThat(listing.outcome.complete()).isTrue();
    assertThat(listing.outcome.newDeltaCursor() != null)
        .as("a complete full listing yields a delta cursor exactly when the gateway supports delta")
        .isEqualTo(gateway().supportsDelta());
  }

  @Test
  void aFullListingReportsEveryFieldAsTheDirectoryHasIt() {
    Listing listing = list(ACME, ListingRequest.full(PAGE));

    for (DirectoryChange change : listing.changes()) {
      assertThat(change).isInstanceOf(DirectoryChange.Present.class);
      assertThat(((DirectoryChange.Present) change).reportedFields()).as(change.objectId().value())
          .isEqualTo(DirectoryField.all());
    }
    DirectoryUser first = listing.user(user(0xa, 1));
    assertThat(first.mail()).isEqualTo("user1@acmedental.example");
    assertThat(first.userPrincipalName()).isEqualTo("user1@acmedental.example");
    assertThat(first.displayName()).isEqualTo("Acme User1");
    assertThat(first.jobTitle()).isEqualTo("Role 1");
    assertThat(first.userType()).isEqualTo("Member");
    assertThat(first.accountEnabled()).isTrue();
    assertThat(listing.user(user(0xa, 6)).accountEnabled()).isFalse();
  }

  @Test
  void anEmptyTenantIsACompleteListingWithoutEntries() {
    Listing listing = list(EMPTY, ListingRequest.full(PAGE));

    assertThat(listing.changes()).isEmpty();
    assertThat(listing.malformed()).isZero();
    assertThat(listing.pages.size()).isLessThanOrEqualTo(1);
    if (!listing.pages.isEmpty()) {
      assertThat(listing.pages.get(0).index()).isZero();
      assertThat(listing.pages.get(0).isLast()).isTrue();
    }
    assertThat(listing.outcome.complete()).isTrue();
  }

  @Test
  void resumingAtEveryPagesCursorDeliversExactlyThePagesAfterIt() {
    Listing all = list(ACME, ListingRequest.full(PAGE));
    for (int n = 0; n < all.pages.size() - 1; n++) {
      Listing resumed = list(ACME, ListingRequest.full(PAGE).resumingAt(all.pages.get(n).resumeCursor()));

      List<String> rest = new ArrayList<>();
      all.pages.subList(n + 1, all.pages.size()).forEach(p -> p.changes().forEach(c -> rest.add(c.objectId().value())));
      assertThat(resumed.ids()).as("after page " + n).containsExactlyElementsOf(rest);
      assertThat(resumed.indexes()).as("indexes go on from the cursor's page")
          .containsExactlyElementsOf(all.indexes().subList(n + 1, all.pages.size()));
      assertThat(resumed.outcome.complete()).isTrue();
    }
  }

  // ---- malformed entries -----------------------------------------------------------------------

  @Test
  void anEntryWithAReadableIdIsDeliveredWithWhatCouldBeReadAndTheListingStaysComplete() {
    accountEnabledOfWrongType(user(0xa, 2));

    Listing listing = list(ACME, ListingRequest.full(PAGE));

    assertThat(listing.ids()).containsExactlyInAnyOrderElementsOf(acmeIds());
    DirectoryUser odd = listing.user(user(0xa, 2));
    assertThat(odd.accountEnabled()).as("another JSON type is unknown, never coerced").isNull();
    assertThat(odd.displayName()).isEqualTo("Acme User2");
    assertThat(odd.mail()).isEqualTo("user2@acmedental.example");
    assertThat(listing.malformed()).isZero();
    assertThat(listing.outcome.complete()).as("the entry was seen").isTrue();
  }

  @Test
  void anEntryWithoutAReadableIdIsCountedAndMakesTheListingIncomplete() {
    nextPageCarriesAnEntryWithoutId();

    Listing listing = list(ACME, ListingRequest.full(PAGE));

    assertThat(listing.ids()).containsExactlyInAnyOrderElementsOf(acmeIds());
    assertThat(listing.malformed()).isEqualTo(1);
    assertThat(listing.outcome.complete()).as("the dropped entry may be anyone: absence proves nothing").isFalse();
  }

  // ---- cursors ---------------------------------------------------------------------------------

  @Test
  void aCursorOfAnotherTenantRestartsTheListingFromItsFirstPage() {
    String betas = list(BETA, ListingRequest.full(PAGE)).pages.get(0).resumeCursor();

    assertRestartedFully("another tenant's cursor", list(ACME, ListingRequest.full(PAGE).resumingAt(betas)));
  }

  @Test
  void aCursorTheGatewayDidNotIssueRestartsTheListingFromItsFirstPage() {
    List<String> lookalikes = lookalikeCursors(list(ACME, ListingRequest.full(PAGE)).pages.get(0).resumeCursor());
    for (String lookalike : lookalikes) {
      assertRestartedFully(lookalike, list(ACME, ListingRequest.full(PAGE).resumingAt(lookalike)));
    }
    for (String foreign : List.of("garbage", "offset:3", "g2." + ACME + ".f.1.0..aHR0cHM6Ly9ldmlsLmV4YW1wbGUvdXNlcnM",
        "cipp:v2;tenant=" + ACME + ";page=1;skip=0;link=https://evil.example/users",
        "https://evil.example/v1.0/users?$skiptoken=abc")) {
      assertRestartedFully(foreign, list(ACME, ListingRequest.full(PAGE).resumingAt(foreign)));
    }
  }

  @Test
  void anExpiredPageTokenRestartsTheListingFromItsFirstPage() {
    expireNextPageToken();

    Listing listing = list(ACME, ListingRequest.full(PAGE));

    // the first page, then the listing again from its first page: a page twice is harmless, one skipped is not
    assertThat(listing.indexes()).containsExactly(0, 0, 1, 2);
    assertThat(listing.ids()).containsAll(acmeIds()).hasSize(3 + 7);
    assertThat(listing.outcome.complete()).isTrue();
  }

  @Test
  void aResumeWhosePageTokenExpiredRestartsFromTheFirstPage() {
    String cursor = list(ACME, ListingRequest.full(PAGE)).pages.get(0).resumeCursor();
    expireNextPageToken();

    assertRestartedFully("an expired page token", list(ACME, ListingRequest.full(PAGE).resumingAt(cursor)));
  }

  private void assertRestartedFully(String what, Listing listing) {
    assertThat(listing.indexes()).as(what + ": a restart counts pages from 0 again").containsExactly(0, 1, 2);
    assertThat(listing.ids()).as(what).containsExactlyInAnyOrderElementsOf(acmeIds());
    assertThat(listing.outcome.complete()).as(what).isTrue();
  }

  // ---- per tenant ------------------------------------------------------------------------------

  @Test
  void aTenantTheConnectionCannotReadIsThatTenantsConsentMissingException() {
    makeUnreadable(GAMMA);

    assertThatThrownBy(() -> list(GAMMA, ListingRequest.full(PAGE)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(GAMMA)));
    assertThat(list(ACME, ListingRequest.full(PAGE)).outcome.complete()).as("the other tenants are still read").isTrue();
  }

  @Test
  void aGatewayWithoutDeltaAnswersADeltaRequestWithAnExpiredCursor() {
    assumeTrue(!gateway().supportsDelta());
    assertThatThrownBy(() -> list(ACME, ListingRequest.delta("a-delta-cursor", PAGE)))
        .isInstanceOf(DeltaCursorExpiredException.class);
  }

  // ---- delta -----------------------------------------------------------------------------------

  @Test
  void aDeltaRoundReportsExactlyTheChangedUsersAndTheRemovedOnes() {
    assumeTrue(gateway().supportsDelta());
    String cursor = list(ACME, ListingRequest.full(PAGE)).outcome.newDeltaCursor();
    EmulatedTenant acme = directory.requireTenant(ACME);
    acme.disable(user(0xa, 2));
    acme.upsert(acme.user(user(0xa, 3)).orElseThrow().withJobTitle("Head of Billing"));
    acme.delete(user(0xa, 4));
    acme.upsert(EmulatedUser.member(user(0xa, 8), "user8@acmedental.example", "Acme User8"));

    Listing round = list(ACME, ListingRequest.delta(cursor, PAGE));

    assertThat(round.ids()).containsExactlyInAnyOrder(user(0xa, 2), user(0xa, 3), user(0xa, 4), user(0xa, 8));
    assertThat(round.present()).extracting(p -> p.objectId().value())
        .containsExactlyInAnyOrder(user(0xa, 2), user(0xa, 3), user(0xa, 8));
    assertThat(round.changes()).filteredOn(DirectoryChange.Removed.class::isInstance)
        .extracting(c -> c.objectId().value()).containsExactly(user(0xa, 4));
    DirectoryChange.Present disabled = round.presentOf(user(0xa, 2));
    assertThat(disabled.reported(DirectoryField.ACCOUNT_ENABLED)).isTrue();
    assertThat(disabled.user().accountEnabled()).isFalse();
    DirectoryChange.Present retitled = round.presentOf(user(0xa, 3));
    assertThat(retitled.reported(DirectoryField.JOB_TITLE)).isTrue();
    assertThat(retitled.user().jobTitle()).isEqualTo("Head of Billing");
    assertThat(round.presentOf(user(0xa, 8)).reportedFields()).as("a new user comes whole").isEqualTo(DirectoryField.all());
    assertThat(round.outcome.complete()).isTrue();
    assertThat(round.outcome.newDeltaCursor()).isNotNull();
  }

  @Test
  void aDeltaRoundWithoutChangesIsCompleteAndEmptyAndTheNextRoundReportsOnlyLaterChanges() {
    assumeTrue(gateway().supportsDelta());
    String cursor = list(ACME, ListingRequest.full(PAGE)).outcome.newDeltaCursor();

    Listing quiet = list(ACME, ListingRequest.delta(cursor, PAGE));
    assertThat(quiet.changes()).isEmpty();
    assertThat(quiet.outcome.complete()).isTrue();
    assertThat(quiet.outcome.newDeltaCursor()).isNotNull();

    directory.requireTenant(ACME).disable(user(0xa, 5));
    Listing next = list(ACME, ListingRequest.delta(quiet.outcome.newDeltaCursor(), PAGE));
    assertThat(next.ids()).containsExactly(user(0xa, 5));
    assertThat(next.outcome.complete()).isTrue();
  }

  @Test
  void aCursorOfAnotherModeRestartsTheListing() {
    assumeTrue(gateway().supportsDelta());
    Listing full = list(ACME, ListingRequest.full(PAGE));
    String fullCursor = full.pages.get(0).resumeCursor();
    EmulatedTenant acme = directory.requireTenant(ACME);
    for (int n = 1; n <= 4; n++) {
      acme.upsert(acme.user(user(0xa, n)).orElseThrow().withJobTitle("Changed " + n));
    }
    Listing round = list(ACME, ListingRequest.delta(full.outcome.newDeltaCursor(), PAGE));
    assertThat(round.pages).hasSizeGreaterThan(1);
    String deltaCursor = round.pages.get(0).resumeCursor();

    assertRestartedFully("a delta round's cursor", list(ACME, ListingRequest.full(PAGE).resumingAt(deltaCursor)));
    Listing again = list(ACME, ListingRequest.delta(full.outcome.newDeltaCursor(), PAGE).resumingAt(fullCursor));
    assertThat(again.indexes()).startsWith(0);
    assertThat(again.ids()).containsExactlyInAnyOrder(user(0xa, 1), user(0xa, 2), user(0xa, 3), user(0xa, 4));
    assertThat(again.outcome.complete()).isTrue();
  }

  @Test
  void anExpiredDeltaCursorIsDeltaCursorExpiredException() {
    assumeTrue(gateway().supportsDelta());
    String cursor = list(ACME, ListingRequest.full(PAGE)).outcome.newDeltaCursor();
    expireDeltaCursors();

    assertThatThrownBy(() -> list(ACME, ListingRequest.delta(cursor, PAGE)))
        .isInstanceOf(DeltaCursorExpiredException.class);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  protected Listing list(String tenant, ListingRequest request) {
    List<DirectoryPage> pages = new ArrayList<>();
    ListingOutcome outcome = gateway().streamUsers(msp(), EntraTenantId.of(tenant), request, pages::add);
    return new Listing(pages, outcome);
  }

  /** Every page of one listing and how it ended. */
  protected record Listing(List<DirectoryPage> pages, ListingOutcome outcome) {
    public List<DirectoryChange> changes() {
      List<DirectoryChange> all = new ArrayList<>();
      pages.forEach(p -> all.addAll(p.changes()));
      return all;
    }

    public List<String> ids() {
      return changes().stream().map(c -> c.objectId().value()).toList();
    }

    public List<Integer> indexes() {
      return pages.stream().map(DirectoryPage::index).toList();
    }

    public int malformed() {
      return pages.stream().mapToInt(DirectoryPage::malformedRecords).sum();
    }

    public List<DirectoryChange.Present> present() {
      return changes().stream().filter(DirectoryChange.Present.class::isInstance)
          .map(DirectoryChange.Present.class::cast).toList();
    }

    public DirectoryChange.Present presentOf(String id) {
      Set<DirectoryChange.Present> found = new HashSet<>();
      present().stream().filter(p -> p.objectId().value().equals(id)).forEach(found::add);
      assertThat(found).as("entries of " + id).hasSize(1);
      return found.iterator().next();
    }

    public DirectoryUser user(String id) {
      return presentOf(id).user();
    }
  }
}
