package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entrasync.core.internal.sync.SyncFixture.CLIENT;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;
import static org.entrasync.core.internal.sync.SyncFixture.OTHER_CLIENT;
import static org.entrasync.core.internal.sync.SyncFixture.TENANT;
import static org.entrasync.core.internal.sync.SyncFixture.TENANT_ID;
import static org.entrasync.core.internal.sync.SyncFixture.guest;
import static org.entrasync.core.internal.sync.SyncFixture.member;
import static org.entrasync.core.internal.sync.SyncFixture.memberWithEmail;
import static org.entrasync.core.internal.sync.SyncFixture.uid;
import static org.entrasync.core.internal.sync.SyncFixture.withoutEmail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.InMemoryHostContactDirectory.Call;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.sync.DryRunEntry;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantSyncServiceTest {
  static final FieldSyncConfig JOB_TITLE = new FieldSyncConfig(false, false, false, true, false);

  /**
   * Ada matches one contact (link), Grace none (create), Bob two (queue), Sam only a contact of
   * another client (create: matching is scoped to the mapped client); a service account, a guest, a
   * disabled user and a user without an email identity are skipped.
   */
  static SyncFixture typicalTenant(SyncFixture f) {
    f.contoso
        .upsert(member(1, "Ada Lovelace"))
        .upsert(member(2, "Grace Hopper"))
        .upsert(memberWithEmail(3, "bob@contoso.example", "Bob Smith"))
        .upsert(memberWithEmail(4, "sam@shared.example", "Sam Shared"))
        .upsert(memberWithEmail(5, "svc-backup@contoso.example", "Backup Service"))
        .upsert(guest(6, "Gail Guest"))
        .upsert(member(7, "Dora Disabled").withAccountEnabled(false))
        .upsert(withoutEmail(8, "Nomad"));
    f.seedContact("contact-ada", CLIENT, "Ada L.", "ADA.Lovelace@contoso.example ");
    f.seedContact("contact-bob-1", CLIENT, "Bob One", "bob@contoso.example");
    f.seedContact("contact-bob-2", CLIENT, "Bob Two", "Bob@Contoso.example");
    f.seedContact("contact-sam-elsewhere", OTHER_CLIENT, "Sam", "sam@shared.example");
    return f.mapped();
  }

  // ---- initial full sync -------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ConnectionType.class)
  void initialSyncCreatesLinksQueuesAndSkipsWithTheContractCounters(ConnectionType connection) {
    SyncFixture f = typicalTenant(SyncFixture.on(connection));

    TenantSyncOutcome outcome = f.sync();

    // created: Grace, Sam; linked: Ada; ambiguous: Bob; skipped: svc, guest, disabled, no email.
    assertThat(outcome.counters()).isEqualTo(new SyncCounters(2, 1, 0, 0, 1, 0, 0, 4));
    assertThat(outcome.eligibleUsers()).isEqualTo(4);
    assertThat(outcome.note()).isNull();
    assertThat(outcome.dryRun()).isEmpty();

    assertThat(f.contactOf(1).id()).isEqualTo("contact-ada");
    assertThat(f.contactOf(1).fullName()).isEqualTo("Ada L."); // toggles off: local values stay
    HostContact grace = f.contactOf(2);
    assertThat(grace.clientId()).isEqualTo(CLIENT);
    assertThat(grace.fullName()).isEqualTo("Grace Hopper");
    assertThat(grace.email()).isEqualTo("grace.hopper@contoso.example");
    HostContact sam = f.contactOf(4);
    assertThat(sam.id()).isNotEqualTo("contact-sam-elsewhere");
    assertThat(sam.clientId()).isEqualTo(CLIENT);
    assertThat(f.app.links().listAll(MSP)).extracting(l -> l.objectId().value())
        .containsExactlyInAnyOrder(uid(1), uid(2), uid(4));
    assertThat(f.app.links().listAll(MSP)).allSatisfy(l -> {
      assertThat(l.clientId()).isEqualTo(CLIENT);
      assertThat(l.active()).isTrue();
      assertThat(l.syncInactivated()).isNull();
    });

    List<ReconciliationItem> open = f.app.queue().listOpen(MSP);
    assertThat(open).singleElement().satisfies(item -> {
      assertThat(item.objectId().value()).isEqualTo(uid(3));
      assertThat(item.clientId()).isEqualTo(CLIENT);
      assertThat(item.candidateContactIds()).containsExactly("contact-bob-1", "contact-bob-2");
    });
    // Nobody was created for a skipped identity.
    assertThat(f.app.contacts().all(MSP)).hasSize(6);
    ManagedTenant stored = f.tenant();
    assertThat(stored.lastSyncEligibleUsers()).isEqualTo(4);
    assertThat(stored.lastSyncObservedAt()).isEqualTo(f.app.clock().instant());
  }

  // ---- the review queue's state, read only where it can matter ------------------------------

  @Test
  void aTenantThatNeverQueuedAnyoneIsPlannedWithoutReadingTheQueue() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(1), ConnectionType.CIPP);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters().created()).isEqualTo(2);
    assertThat(f.app.queue().latestReads()).isZero();
  }

  @Test
  void onceARoundQueuesAnIdentityItsLaterPagesReadTheQueue() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(1), ConnectionType.CIPP);
    f.contoso.upsert(memberWithEmail(3, "bob@contoso.example", "Bob Smith"))
        .upsert(member(1, "Ada Lovelace"))
        .upsert(member(2, "Grace Hopper"));
    f.seedContact("contact-bob-1", CLIENT, "Bob One", "bob@contoso.example");
    f.seedContact("contact-bob-2", CLIENT, "Bob Two", "bob@contoso.example");
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters().ambiguous()).isEqualTo(1);
    // three pages of one unlinked user each, in the order upserted: the first (Bob, queued) is planned
    // without reading the queue, the two after it read it
    assertThat(f.app.queue().latestReads()).isEqualTo(2);
  }

  // ---- links, read only where one can exist --------------------------------------------------

  // (The fake's port-based page writer reads links itself before it creates contacts; these tests
  // count the planner's reads, so they plan links, or compare two syncs.)

  @Test
  void aFreshTenantsInitialSyncPlansWithoutReadingLinks() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(1), ConnectionType.CIPP);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.seedContact("contact-ada", CLIENT, "Ada L.", "ada.lovelace@contoso.example");
    f.seedContact("contact-grace", CLIENT, "Grace H.", "grace.hopper@contoso.example");
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withLinked(2));
    assertThat(f.app.links().activeReads()).isZero();
  }

  @Test
  void aTenantWithAnActiveLinkReadsTheLinksOfEveryPage() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(1), ConnectionType.CIPP);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped();
    f.sync();
    f.app.clock().advance(Duration.ofHours(1));
    f.contoso.upsert(member(2, "Grace Hopper").withJobTitle("Rear Admiral"));
    int before = f.app.links().activeReads();

    TenantSyncOutcome again = f.sync();

    assertThat(again.counters().unchanged() + again.counters().updated()).isEqualTo(2);
    assertThat(again.counters().created()).isZero();
    assertThat(f.app.links().activeReads() - before).as("one read per page, nothing created").isEqualTo(2);
  }

  @Test
  void aListingThatStartsAgainReadsTheLinksOfTheIdentitiesItListedBefore() {
    SyncFixture reference = resumeScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = resumeScenario();
    TenantSyncOutcome restarted = syncExpiringAPageTokenAfter(f, f.app.cippGateway(), 2);

    // the same writes as the uninterrupted sync, plus the planner's reads of the two pages delivered again
    assertThat(f.app.links().activeReads() - reference.app.links().activeReads()).isEqualTo(2);
    assertSameResult(f, restarted, reference, uninterrupted);
  }

  @Test
  void anIdentityAnOperatorDismissedIsNotQueuedAgainByALaterRound() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(memberWithEmail(3, "bob@contoso.example", "Bob Smith"));
    f.seedContact("contact-bob-1", CLIENT, "Bob One", "bob@contoso.example");
    f.seedContact("contact-bob-2", CLIENT, "Bob Two", "bob@contoso.example");
    f.mapped();
    f.sync();
    f.app.queue().close(MSP, TENANT_ID, EntraObjectId.of(uid(3)), Resolution.DISMISSED, "alice",
        f.app.clock().instant());
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome again = f.sync();

    assertThat(again.counters().ambiguous()).isZero();
    assertThat(again.counters().skipped()).isEqualTo(1);
    assertThat(f.app.queue().listOpen(MSP)).isEmpty();
    assertThat(f.app.queue().latestReads()).isEqualTo(1); // the second round's tenant has a review history
  }

  @Test
  void aSecondSyncWithNoChangeIsUnchangedAndWritesNoContact() {
    SyncFixture f = typicalTenant(SyncFixture.cipp());
    f.sync();
    f.app.clock().advance(Duration.ofHours(1));
    List<HostContact> before = f.app.contacts().all(MSP);
    f.app.contacts().resetCallCounts();

    TenantSyncOutcome again = f.sync();

    // The three linked identities are unchanged; Bob still has his open item; the skipped stay skipped.
    assertThat(again.counters()).isEqualTo(new SyncCounters(0, 0, 0, 3, 1, 0, 0, 4));
    assertThat(f.app.contacts().writeCalls()).isZero();
    assertThat(f.app.contacts().all(MSP)).isEqualTo(before);
    assertThat(f.app.queue().listAll(MSP)).hasSize(1);
    assertThat(f.app.links().listAll(MSP)).hasSize(3);
  }

  @Test
  void aSyncOfLinkedUsersOnlyIsAllUnchanged() {
    SyncFixture f = SyncFixture.cipp();
    for (int n = 1; n <= 5; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    f.app.clock().advance(Duration.ofMinutes(5));
    f.app.contacts().resetCallCounts();

    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(5));
    assertThat(f.app.contacts().writeCalls()).isZero();
  }

  @Test
  void aHostContactWhoseAddressCarriesANonBreakingSpaceOrATabIsLinkedNotDuplicated() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.seedContact("contact-ada", CLIENT, "Ada L.", "\u00a0Ada.Lovelace@Contoso.example\t");
    f.seedContact("contact-grace", CLIENT, "Grace H.", "\u2007grace.hopper@contoso.EXAMPLE\u202f");
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withLinked(2));
    assertThat(f.contactOf(1).id()).isEqualTo("contact-ada");
    assertThat(f.contactOf(2).id()).isEqualTo("contact-grace");
    assertThat(f.app.contacts().all(MSP)).hasSize(2);
  }

  // ---- batching ----------------------------------------------------------------------------

  @ParameterizedTest(name = "page size {0}")
  @ValueSource(ints = {1, 2, 3, 7, 999})
  void contactReadsAreOneFindByEmailsAndAtMostOneFindByIdsPerPage(int pageSize) {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(pageSize), ConnectionType.CIPP);
    int users = 7;
    for (int n = 1; n <= users; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.seedContact("contact-p1", CLIENT, "P1", "person.1@contoso.example");
    f.seedContact("contact-p5", CLIENT, "P5", "person.5@contoso.example");
    f.mapped();
    int pages = (users + pageSize - 1) / pageSize;

    TenantSyncOutcome first = f.sync();

    assertThat(first.counters()).isEqualTo(SyncCounters.ZERO.withCreated(5).withLinked(2));
    assertThat(f.app.contacts().calls(Call.FIND_BY_EMAILS)).isEqualTo(pages);
    assertThat(f.app.contacts().calls(Call.FIND_BY_IDS)).isLessThanOrEqualTo(pages);
    assertThat(f.app.contacts().calls(Call.CREATE_CONTACTS)).isLessThanOrEqualTo(pages);
    assertThat(f.app.links().upsertCalls()).isLessThanOrEqualTo(pages);

    f.app.clock().advance(Duration.ofMinutes(5));
    f.app.contacts().resetCallCounts();
    TenantSyncOutcome second = f.sync();

    assertThat(second.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(7));
    assertThat(f.app.contacts().calls(Call.FIND_BY_EMAILS)).isLessThanOrEqualTo(pages);
    assertThat(f.app.contacts().calls(Call.FIND_BY_IDS)).isEqualTo(pages);
    assertThat(f.app.contacts().writeCalls()).isZero();
  }

  // ---- disabled, re-enabled ----------------------------------------------------------------

  @Test
  void aDisabledLinkedUserIsInactivatedAsDisabledUpstream() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    f.contoso.disable(uid(1));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withInactivated(1).withUnchanged(1));
    assertThat(f.contactOf(1).inactive()).isTrue();
    assertThat(f.contactOf(1).inactiveReason()).isEqualTo("disabled_upstream");
    assertThat(f.contactOf(2).inactive()).isFalse();
    assertThat(link(f, 1).syncInactivated()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);

    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2)); // inactivated once only
  }

  @Test
  void aDisabledLinkedUserStaysActiveWhenMarkInactiveIsOff() {
    SyncFixture f = SyncFixture.cipp();
    f.settings(FieldSyncConfig.NONE, false);
    f.contoso.upsert(member(1, "Ada Lovelace"));
    f.mapped().sync();
    f.contoso.disable(uid(1));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(1));
    assertThat(f.contactOf(1).inactive()).isFalse();
  }

  @Test
  void aReEnabledUserIsReactivatedOnlyWhenTheSyncHadInactivatedIt() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    // Ada: disabled upstream, so the sync inactivates her. Grace: an MSP user inactivates her by hand.
    f.contoso.disable(uid(1));
    String graceId = f.contactOf(2).id();
    f.app.contacts().edit(MSP, graceId, c -> new HostContact(c.id(), c.clientId(), c.fullName(), c.email(), c.role(),
        c.userPrincipalName(), c.phones(), true, "left the company"));
    f.app.clock().advance(Duration.ofHours(1));
    f.sync();

    f.contoso.enable(uid(1));
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withReactivated(1).withUnchanged(1));
    assertThat(f.contactOf(1).inactive()).isFalse();
    assertThat(f.contactOf(1).inactiveReason()).isNull();
    assertThat(link(f, 1).syncInactivated()).isNull();
    assertThat(f.contact(graceId).inactive()).isTrue();
    assertThat(f.contact(graceId).inactiveReason()).isEqualTo("left the company");
  }

  /**
   * The Ada sequence: the sync inactivates Ada (disabled), an operator reactivates her by
   * hand, IT re-enables her, later the operator inactivates her by hand (she left): the sync must not
   * reactivate her, since the inactivation it would undo is not its own.
   */
  @Test
  void aManualInactivationIsNeverUndoneByAStaleSyncReason() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(2, "Grace Hopper"));
    String ada = adaInactivatedBySync(f);

    setActivity(f, ada, false, null);                        // the operator reactivates her by hand
    f.contoso.enable(uid(1));                                // IT re-enables her
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    assertThat(link(f, 1).syncInactivated()).as("seen active: the remembered reason is cleared").isNull();

    setActivity(f, ada, true, "left the company");           // the operator inactivates her by hand
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    assertThat(f.contact(ada).inactive()).isTrue();
    assertThat(f.contact(ada).inactiveReason()).isEqualTo("left the company");
  }

  /** A contact inactive for another reason than the one the sync remembers is not the sync's to undo. */
  @Test
  void reactivationReadsTheContactsOwnReason() {
    SyncFixture f = SyncFixture.cipp();
    String ada = adaInactivatedBySync(f);
    // The operator re-labels the inactivation as their own while Ada is still disabled upstream.
    setActivity(f, ada, true, "left the company");
    f.contoso.enable(uid(1));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(1));
    assertThat(f.contact(ada).inactiveReason()).isEqualTo("left the company");
  }

  /** The second half of the Ada sequence: a stale reason on the link must not hide a deletion. */
  @Test
  void aStaleSyncReasonDoesNotHideALaterUpstreamDeletion() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(2, "Grace Hopper"));
    String ada = adaInactivatedBySync(f);
    setActivity(f, ada, false, null);                        // reactivated by hand while disabled upstream
    f.contoso.delete(uid(1));                                // then deleted upstream
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(1).withInactivated(1));
    assertThat(f.contact(ada).inactive()).isTrue();
    assertThat(f.contact(ada).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(link(f, 1).syncInactivated()).isEqualTo(InactiveReason.DELETED_UPSTREAM);
  }

  /** Ada linked, then disabled upstream and inactivated by a sync; returns her contact id. */
  private static String adaInactivatedBySync(SyncFixture f) {
    f.contoso.upsert(member(1, "Ada Lovelace"));
    f.mapped().sync();
    String ada = f.contactOf(1).id();
    f.contoso.disable(uid(1));
    f.app.clock().advance(Duration.ofHours(1));
    f.sync();
    assertThat(f.contact(ada).inactiveReason()).isEqualTo("disabled_upstream");
    return ada;
  }

  private static void setActivity(SyncFixture f, String contactId, boolean inactive, String reason) {
    f.app.contacts().edit(MSP, contactId, c -> new HostContact(c.id(), c.clientId(), c.fullName(), c.email(), c.role(),
        c.userPrincipalName(), c.phones(), inactive, reason));
  }

  // ---- delta -------------------------------------------------------------------------------

  @Test
  void aDeltaRoundTouchesOnlyChangedUsersAndRemovalsInactivateAsDeletedUpstream() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.settings(JOB_TITLE, true);
    for (int n = 1; n <= 6; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped();
    TenantSyncOutcome initial = f.sync();
    assertThat(initial.counters()).isEqualTo(SyncCounters.ZERO.withCreated(6));
    String cursor = f.tenant().deltaCursor();
    assertThat(cursor).isNotNull();
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(6);

    f.contoso.upsert(member(1, "Person 1").withJobTitle("Chief Engineer")); // updated
    f.contoso.delete(uid(2));                                               // removed
    f.contoso.upsert(member(7, "Person 7"));                                // new
    f.app.clock().advance(Duration.ofHours(1));
    f.app.directGateway().resetObservations();
    f.app.contacts().resetCallCounts();

    TenantSyncOutcome delta = f.sync();

    assertThat(f.app.directGateway().requests()).extracting(ListingRequest::mode).containsExactly(ListingRequest.Mode.DELTA);
    assertThat(f.app.directGateway().requests().get(0).deltaCursor()).isEqualTo(cursor);
    // the four linked users the round did not mention are unchanged: the buckets add up to the 7 identities
    assertThat(delta.counters()).isEqualTo(SyncCounters.ZERO.withUpdated(1).withInactivated(1).withCreated(1).withUnchanged(4));
    assertThat(f.contactOf(1).role()).isEqualTo("Chief Engineer");
    assertThat(f.contactOf(2).inactive()).isTrue();
    assertThat(f.contactOf(2).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(link(f, 2).syncInactivated()).isEqualTo(InactiveReason.DELETED_UPSTREAM);
    assertThat(f.contactOf(7).fullName()).isEqualTo("Person 7");
    for (int n : new int[] {3, 4, 5, 6}) {
      assertThat(f.contactOf(n).inactive()).isFalse();
    }
    // Eligible users adjusted: 6 + 1 created - 1 inactivated.
    assertThat(delta.eligibleUsers()).isEqualTo(6);
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(6);
    assertThat(f.tenant().deltaCursor()).isNotEqualTo(cursor);

    // Nothing changed since: an empty delta round, every linked user in step.
    f.app.clock().advance(Duration.ofHours(1));
    f.app.contacts().resetCallCounts();
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(6));
    assertThat(f.app.contacts().writeCalls()).isZero();
  }

  @Test
  void aPartialDeltaEntryAppliesWhatChangedAndFreezesNothing() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.settings(JOB_TITLE, true);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Engineer")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    f.app.directGateway().partialDeltaEntries(org.entrasync.core.model.DirectoryField.JOB_TITLE);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Chief Engineer"));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUpdated(1).withUnchanged(1));
    assertThat(f.contactOf(1).role()).isEqualTo("Chief Engineer");
    assertThat(f.contactOf(1).inactive()).isFalse();
    assertThat(f.tenant().deltaCursor()).as("nothing needs a full listing").isNotNull();
  }

  @Test
  void aPartialEntryOfAnAccountDisabledWhileMarkInactiveIsOffChangesNothingAsAFullEntryDoes() {
    // chaos-115: with the setting off, no pending removal or inactive contact says "disabled"; the link does
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.settings(JOB_TITLE, false);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Engineer")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Engineer").withAccountEnabled(false));
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    assertThat(link(f, 1).accountEnabled()).isFalse();

    f.app.directGateway().partialDeltaEntries(org.entrasync.core.model.DirectoryField.JOB_TITLE);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Director").withAccountEnabled(false));
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome partial = f.sync();

    assertThat(partial.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    assertThat(f.contactOf(1).role()).isEqualTo("Engineer");
    assertThat(f.contactOf(1).inactive()).isFalse();

    // enabled again (the state resent): the change is applied and the link records it
    f.app.directGateway().partialDeltaEntries(org.entrasync.core.model.DirectoryField.JOB_TITLE,
        org.entrasync.core.model.DirectoryField.ACCOUNT_ENABLED);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Director"));
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUpdated(1).withUnchanged(1));
    assertThat(f.contactOf(1).role()).isEqualTo("Director");
    assertThat(link(f, 1).accountEnabled()).isTrue();
  }

  @ParameterizedTest(name = "markInactiveWhenDisabled={0}")
  @ValueSource(booleans = {true, false})
  void aPartialEntryEnablingAnAccountAgainHasTheNextRoundListTheTenantFullySoWhatChangedWhileDisabledIsApplied(
      boolean markInactiveWhenDisabled) {
    // chaos-276: a change made while the account was disabled is not applied (a disabled account's fields are
    // left alone); the partial entry that enables it again resends only its state, so it cannot carry that change
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.settings(JOB_TITLE, markInactiveWhenDisabled);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Engineer")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Director").withAccountEnabled(false));
    f.app.clock().advance(Duration.ofHours(1));
    f.sync();
    assertThat(f.contactOf(1).role()).isEqualTo("Engineer");
    assertThat(f.tenant().deltaCursor()).isNotNull();

    f.app.directGateway().partialDeltaEntries(org.entrasync.core.model.DirectoryField.ACCOUNT_ENABLED);
    f.contoso.upsert(member(1, "Ada Lovelace").withJobTitle("Director"));
    f.app.clock().advance(Duration.ofHours(1));
    f.sync();

    assertThat(f.contactOf(1).inactive()).isFalse();
    assertThat(f.tenant().deltaCursor()).as("dropped: the next round is a full listing").isNull();
    f.app.directGateway().clearFaults();
    f.app.clock().advance(Duration.ofHours(1));
    f.sync();
    assertThat(f.contactOf(1).role()).isEqualTo("Director");
  }

  @Test
  void anUnlinkedIdentityReportedPartlyIsSkippedAndTheNextRoundListsTheTenantFully() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(member(1, "Ada Lovelace"));
    f.mapped().sync();
    f.app.directGateway().partialDeltaEntries(org.entrasync.core.model.DirectoryField.DISPLAY_NAME,
        org.entrasync.core.model.DirectoryField.ACCOUNT_ENABLED);
    f.contoso.upsert(member(2, "Grace Hopper"));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome partial = f.sync();

    assertThat(partial.counters()).isEqualTo(SyncCounters.ZERO.withSkipped(1).withUnchanged(1));
    assertThat(partial.note()).contains("lists the tenant fully");
    assertThat(f.tenant().deltaCursor()).as("dropped: the next round is a full listing").isNull();

    f.app.directGateway().clearFaults();
    f.app.directGateway().resetObservations();
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome next = f.sync();
    assertThat(f.app.directGateway().requests()).extracting(ListingRequest::mode).containsExactly(ListingRequest.Mode.FULL);
    assertThat(next.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withUnchanged(1));
    assertThat(f.contactOf(2).fullName()).isEqualTo("Grace Hopper");
  }

  @Test
  void aDeltaRoundCountsTheQueuedIdentitiesItDidNotHearAboutAsAmbiguousAsAFullListingDoes() {
    // delta-counts-queued-identities: "ambiguous" is an open reconciliation item after the run, heard or not
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper")).upsert(member(3, "Alan Turing"));
    f.seedContact("contact-ada-1", CLIENT, "Ada L.", "ada.lovelace@contoso.example");
    f.seedContact("contact-ada-2", CLIENT, "A. Lovelace", "ada.lovelace@contoso.example");
    TenantSyncOutcome first = f.mapped().sync();
    assertThat(first.counters()).isEqualTo(SyncCounters.ZERO.withCreated(2).withAmbiguous(1));

    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome quiet = f.sync();
    assertThat(quiet.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2).withAmbiguous(1));
    assertThat(quiet.eligibleUsers()).isEqualTo(3);

    f.contoso.upsert(member(2, "Grace B. Hopper"));
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2).withAmbiguous(1));

    // heard about while queued: counted once
    f.contoso.upsert(memberWithEmail(1, "ada.lovelace@contoso.example", "Ada King"));
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2).withAmbiguous(1));
    assertThat(f.app.queue().listOpen(MSP)).hasSize(1);
  }

  @Test
  void anExpiredDeltaCursorFallsBackToAFullListing() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    String oldCursor = f.tenant().deltaCursor();
    f.contoso.upsert(member(3, "Alan Turing"));
    f.app.directGateway().expireNextDeltaRequests(1).resetObservations();
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(f.app.directGateway().requests()).extracting(ListingRequest::mode)
        .containsExactly(ListingRequest.Mode.DELTA, ListingRequest.Mode.FULL);
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2).withCreated(1));
    assertThat(outcome.eligibleUsers()).isEqualTo(3);
    assertThat(f.tenant().deltaCursor()).isNotNull().isNotEqualTo(oldCursor);
  }

  @Test
  void anExpiredDeltaCursorIsClearedEvenWhenTheFullListingThenFails() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(member(1, "Ada Lovelace"));
    f.mapped().sync();
    assertThat(f.tenant().deltaCursor()).isNotNull();
    f.app.directGateway().expireNextDeltaRequests(1)
        .failOnPage(0, new EntraUnavailableException("Graph is down"));

    assertThatThrownBy(f::sync).isInstanceOf(EntraUnavailableException.class);

    assertThat(f.tenant().deltaCursor()).isNull();
    f.app.directGateway().resetObservations();
    f.sync();
    assertThat(f.app.directGateway().requests()).extracting(ListingRequest::mode).containsExactly(ListingRequest.Mode.FULL);
    assertThat(f.tenant().deltaCursor()).isNotNull();
  }

  // ---- deletion detection ------------------------------------------------------------------

  @Test
  void usersMissingFromACompleteFullListingAreInactivatedAsDeletedUpstream() {
    SyncFixture f = SyncFixture.cipp();
    for (int n = 1; n <= 4; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    f.contoso.delete(uid(2));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(3).withInactivated(1));
    assertThat(outcome.note()).isNull();
    assertThat(f.contactOf(2).inactive()).isTrue();
    assertThat(f.contactOf(2).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(link(f, 2).syncInactivated()).isEqualTo(InactiveReason.DELETED_UPSTREAM);
    assertThat(outcome.eligibleUsers()).isEqualTo(3);

    // The next sync does not count the same deletion again.
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(3));
  }

  @Test
  void nothingIsInactivatedWhenTheListingIsIncomplete() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.CIPP);
    for (int n = 1; n <= 6; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    Integer countBefore = f.tenant().lastSyncEligibleUsers();
    f.app.cippGateway().endListingsAfterPages(1);
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    // 2 listed; the 4 it never reached are no removals at all: neither inferred deleted nor held
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    assertThat(outcome.deletionsHeld()).isZero();
    assertThat(outcome.note()).containsIgnoringCase("did not complete").contains("4 of 6").contains("No contact was inactivated");
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
    assertThat(f.app.contacts().all(MSP)).noneMatch(HostContact::inactive);
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(countBefore);
  }

  @Test
  void aDeletionAnIncompleteFullListingCouldNotSeeIsFoundByTheNextFullListing() {
    // chaos-137: the full listing's cursor predates the deletion, so a delta round from it never reports it
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    for (int n = 1; n <= 4; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    f.contoso.delete(uid(2));
    f.app.managedTenants().clearDeltaCursors(MSP); // settings changed: the next round lists fully
    f.app.directGateway().entriesWithoutId(1);
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome incomplete = f.sync();

    assertThat(incomplete.counters().inactivated()).isZero();
    assertThat(f.contactOf(2).inactive()).isFalse();
    assertThat(f.tenant().deltaCursor()).as("an incomplete full listing hands over to no delta round").isNull();

    f.app.directGateway().clearFaults();
    f.app.directGateway().resetObservations();
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome next = f.sync();

    assertThat(f.app.directGateway().requests()).extracting(ListingRequest::mode).containsExactly(ListingRequest.Mode.FULL);
    assertThat(next.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(3).withInactivated(1));
    assertThat(f.contactOf(2).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(f.tenant().deltaCursor()).isNotNull();
  }

  @Test
  void nothingIsInactivatedWhenTheSafetyThresholdTrips() {
    SyncFixture f = SyncFixture.cipp();
    for (int n = 1; n <= 20; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    for (int n = 1; n <= 11; n++) { // 11 of 20: more than half, and at least 10
      f.contoso.delete(uid(n));
    }
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    // the 11 held count as unchanged (their contacts were left as they were), never as inactivated
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(20));
    assertThat(outcome.deletionsHeld()).isEqualTo(11);
    assertThat(outcome.note()).contains("11 of 20").contains("No contact was inactivated");
    assertThat(f.app.contacts().all(MSP)).noneMatch(HostContact::inactive);
  }

  @Test
  void justBelowTheThresholdTheVanishedAreInactivated() {
    SyncFixture f = SyncFixture.cipp();
    for (int n = 1; n <= 20; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    for (int n = 1; n <= 10; n++) { // exactly half: not more than half
      f.contoso.delete(uid(n));
    }
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(10).withInactivated(10));
    assertThat(outcome.note()).isNull();
  }

  @Test
  void usersDisabledThenDeletedDoNotKeepTrippingTheThreshold() {
    // Offboarding: disable first, delete weeks later. Their contacts are already inactive, so their
    // disappearance changes nothing and must not count towards the safety threshold, now or later.
    SyncFixture f = SyncFixture.cipp();
    for (int n = 1; n <= 20; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.mapped().sync();
    for (int n = 1; n <= 11; n++) {
      f.contoso.disable(uid(n));
    }
    f.app.clock().advance(Duration.ofHours(1));
    // a mass disablement is held; the operator confirms it was an offboarding and approves it
    assertThat(f.sync().deletionsHeld()).isEqualTo(11);
    assertThat(f.app.heldDeletions().approve(MSP, TENANT_ID, "operator", f.app.clock().instant())).isTrue();
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withInactivated(11).withUnchanged(9));
    for (int n = 1; n <= 11; n++) {
      f.contoso.delete(uid(n));
    }
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome afterDeletion = f.sync();

    assertThat(afterDeletion.note()).isNull();
    assertThat(afterDeletion.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(9));

    // A later real deletion is still detected.
    f.contoso.delete(uid(12));
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome later = f.sync();
    assertThat(later.note()).isNull();
    assertThat(later.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(8).withInactivated(1));
    assertThat(f.contactOf(12).inactiveReason()).isEqualTo("deleted_upstream");
  }

  // ---- per-user write failures -------------------------------------------------------------

  @Test
  void aCreateTheHostRefusesIsSkippedWithAReasonAndTheTenantCompletes() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().emailsUniquePerMspTenant(true), ConnectionType.CIPP);
    f.contoso.upsert(member(1, "Grace Hopper")).upsert(memberWithEmail(2, "sam@shared.example", "Sam Shared"));
    f.seedContact("contact-sam-elsewhere", OTHER_CLIENT, "Sam", "sam@shared.example");
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(outcome.note()).contains(uid(2)).contains("sam@shared.example");
    assertThat(f.contactOf(1).fullName()).isEqualTo("Grace Hopper");
    assertThat(f.app.links().listAll(MSP)).extracting(l -> l.objectId().value()).containsExactly(uid(1));
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(2);
  }

  @Test
  void malformedRecordsAreCountedAsSkipped() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace"))
        .upsert(EmulatedUser.member("not-a-guid", "broken@contoso.example", "Broken Record"));
    f.mapped();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(outcome.note()).containsIgnoringCase("could not be read");
  }

  // ---- resume ------------------------------------------------------------------------------

  @ParameterizedTest(name = "failure on page {0}")
  @ValueSource(ints = {0, 1, 2, 3})
  void resumingFromTheCheckpointAfterAFailureYieldsExactlyTheUninterruptedResult(int failingPage) {
    SyncFixture reference = resumeScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = resumeScenario();
    f.app.cippGateway().failOnPage(failingPage, new EntraUnavailableException("Too many requests", Duration.ofSeconds(3), null));
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    assertThatThrownBy(() -> f.app.syncTenant(MSP, TENANT_ID, false, null, last::set))
        .isInstanceOf(EntraUnavailableException.class);
    if (failingPage == 0) {
      assertThat(last.get()).isNull();
    } else {
      assertThat(last.get().pagesApplied()).isEqualTo(failingPage);
      assertThat(last.get().pageCursor()).isEqualTo(FakeDirectoryGateway.cursor(TENANT, ListingRequest.Mode.FULL, 2 * failingPage));
    }

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, last.get(), SyncProgressListener.NONE);

    assertThat(resumed.counters()).isEqualTo(uninterrupted.counters());
    assertThat(resumed.eligibleUsers()).isEqualTo(uninterrupted.eligibleUsers());
    assertThat(f.app.contacts().all(MSP)).isEqualTo(reference.app.contacts().all(MSP));
    assertThat(f.app.links().listAll(MSP)).isEqualTo(reference.app.links().listAll(MSP));
    assertThat(f.app.queue().listAll(MSP)).isEqualTo(reference.app.queue().listAll(MSP));
    assertThat(f.tenant()).isEqualTo(reference.tenant());
  }

  /** The fake gateway's cursor after {@code offset} users of the tenant's full listing. */
  private static String cursorAt(int offset) {
    return FakeDirectoryGateway.cursor(TENANT, ListingRequest.Mode.FULL, offset);
  }

  /** Seven users over four pages of two: creates, a link, an ambiguous match and a skip. */
  private static SyncFixture resumeScenario() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.CIPP);
    f.contoso.upsert(member(1, "Ada Lovelace"))
        .upsert(member(2, "Grace Hopper"))
        .upsert(memberWithEmail(3, "bob@contoso.example", "Bob Smith"))
        .upsert(member(4, "Alan Turing"))
        .upsert(memberWithEmail(5, "svc-sql@contoso.example", "SQL Service"))
        .upsert(member(6, "Edsger Dijkstra"))
        .upsert(member(7, "Barbara Liskov"));
    f.seedContact("contact-ada", CLIENT, "Ada L.", "ada.lovelace@contoso.example");
    f.seedContact("contact-bob-1", CLIENT, "Bob One", "bob@contoso.example");
    f.seedContact("contact-bob-2", CLIENT, "Bob Two", "bob@contoso.example");
    return f.mapped();
  }

  @Test
  void everyPageReportsACheckpointThatAddsUp() {
    SyncFixture f = resumeScenario();
    List<SyncCheckpoint> checkpoints = new ArrayList<>();

    TenantSyncOutcome outcome = f.app.syncTenant(MSP, TENANT_ID, false, null, checkpoints::add);

    // four pages, then the listing's end, then the round's deletion decision
    assertThat(checkpoints).extracting(SyncCheckpoint::pagesApplied).containsExactly(1, 2, 3, 4, 4, 4);
    assertThat(checkpoints).extracting(SyncCheckpoint::pageCursor)
        .containsExactly(cursorAt(2), cursorAt(4), cursorAt(6), null, null, null);
    assertThat(checkpoints).extracting(SyncCheckpoint::listingStartedAt).containsOnly(checkpoints.get(0).listingStartedAt());
    assertThat(checkpoints).extracting(SyncCheckpoint::activeLinksBefore).containsOnly(0);
    assertThat(checkpoints).extracting(SyncCheckpoint::listingFinished).containsExactly(false, false, false, false, true, true);
    assertThat(checkpoints.get(4).listingEnd()).isEqualTo(new SyncCheckpoint.ListingEnd(true, null));
    assertThat(checkpoints.get(5).deletions()).isEqualTo(new SyncCheckpoint.DeletionStep(0, 0, null));
    assertThat(checkpoints.get(5).counters()).isEqualTo(outcome.counters());
    assertThat(checkpoints.get(5).listedUsers()).isEqualTo(7);
  }

  // ---- restarted listings ------------------------------------------------------------------
  // A gateway that starts a listing again (an expired page token, a cursor it no longer accepts)
  // delivers the pages from index 0 again (DirectoryGatewayContract): they are applied (harmless) but
  // their identities were counted already. Counters are exclusive buckets, one per identity.

  private static void assertSameResult(SyncFixture f, TenantSyncOutcome outcome, SyncFixture reference,
      TenantSyncOutcome uninterrupted) {
    assertThat(outcome.counters()).isEqualTo(uninterrupted.counters());
    assertThat(outcome.counters().total()).as("one bucket per identity").isEqualTo(uninterrupted.counters().total());
    assertThat(outcome.eligibleUsers()).isEqualTo(uninterrupted.eligibleUsers());
    assertThat(outcome.note()).isEqualTo(uninterrupted.note());
    assertThat(f.app.contacts().all(MSP)).isEqualTo(reference.app.contacts().all(MSP));
    assertThat(f.app.links().listAll(MSP)).isEqualTo(reference.app.links().listAll(MSP));
    assertThat(f.app.queue().listAll(MSP)).isEqualTo(reference.app.queue().listAll(MSP));
    assertThat(f.tenant()).isEqualTo(reference.tenant());
  }

  /** Syncs the tenant; once {@code pages} pages are applied, the gateway's next page token expires. */
  private static TenantSyncOutcome syncExpiringAPageTokenAfter(SyncFixture f, FakeDirectoryGateway gateway, int pages) {
    java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
    return f.app.syncTenant(MSP, TENANT_ID, false, null, checkpoint -> {
      if (checkpoint.pagesApplied() == pages && !expired.getAndSet(true)) {
        gateway.expirePageTokens(1);
      }
    });
  }

  @ParameterizedTest(name = "page token expired reading page {0}")
  @ValueSource(ints = {1, 2, 3})
  void aListingThatStartsAgainFromItsFirstPageCountsEachIdentityOnce(int restartAt) {
    SyncFixture reference = resumeScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = resumeScenario();
    TenantSyncOutcome restarted = syncExpiringAPageTokenAfter(f, f.app.cippGateway(), restartAt);

    assertThat(f.app.cippGateway().pagesServed()).as("the first pages twice").isEqualTo(restartAt + 4);
    assertSameResult(f, restarted, reference, uninterrupted);
    assertThat(restarted.counters().total()).isEqualTo(7);
  }

  @ParameterizedTest(name = "failure on page {0}")
  @ValueSource(ints = {1, 2, 3})
  void aResumeWhosePageTokenExpiredStartsAgainAndCountsEachIdentityOnce(int failingPage) {
    SyncFixture reference = resumeScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = resumeScenario();
    f.app.cippGateway().failOnPage(failingPage, new EntraUnavailableException("Too many requests", Duration.ofSeconds(3), null));
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    assertThatThrownBy(() -> f.app.syncTenant(MSP, TENANT_ID, false, null, last::set))
        .isInstanceOf(EntraUnavailableException.class);
    f.app.cippGateway().expirePageTokens(1); // the heartbeat's page token is too old by the time of the retry

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, last.get(), SyncProgressListener.NONE);

    assertSameResult(f, resumed, reference, uninterrupted);
  }

  @Test
  void aResumeAfterTheLastPageWhoseEndWasNotRecordedListsAgainAndCountsEachIdentityOnce() {
    SyncFixture reference = resumeScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = resumeScenario();
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    IllegalStateException crash = new IllegalStateException("worker lost");
    assertThatThrownBy(() -> f.app.syncTenant(MSP, TENANT_ID, false, null, checkpoint -> {
      last.set(checkpoint);
      if (checkpoint.pageCursor() == null && !checkpoint.listingFinished()) {
        throw crash; // the last page is applied; the listing's end is not recorded
      }
    })).isSameAs(crash);

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, last.get(), SyncProgressListener.NONE);

    assertSameResult(f, resumed, reference, uninterrupted);
  }

  @Test
  void aDeltaRoundThatStartsAgainCountsEachIdentityOnce() {
    SyncFixture reference = deltaRestartScenario();
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = deltaRestartScenario();
    TenantSyncOutcome restarted = syncExpiringAPageTokenAfter(f, f.app.directGateway(), 2);

    assertThat(f.app.directGateway().requests()).last().extracting(r -> r.mode().name()).isEqualTo("DELTA");
    assertSameResult(f, restarted, reference, uninterrupted);
  }

  /** Six linked users, then a delta round over three pages of two: new users, a rename and a disablement. */
  private static SyncFixture deltaRestartScenario() {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.DIRECT);
    for (int n = 1; n <= 6; n++) {
      f.contoso.upsert(member(n, "Person " + n));
    }
    f.settings(new FieldSyncConfig(true, false, false, false, false), true);
    f.mapped().sync();
    f.app.clock().advance(Duration.ofHours(1));
    f.contoso.upsert(member(7, "Person 7"))
        .upsert(member(8, "Person 8"))
        .upsert(f.contoso.user(uid(2)).orElseThrow().withDisplayName("Person Two"))
        .upsert(memberWithEmail(9, "svc-backup@contoso.example", "Backup Service"))
        .upsert(member(10, "Person 10"));
    f.contoso.disable(uid(3));
    return f;
  }

  // ---- dry run -----------------------------------------------------------------------------

  @Test
  void aDryRunWritesNothingAndReturnsTheBuckets() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace"))
        .upsert(member(2, "Grace Hopper"))
        .upsert(member(3, "Alan Turing"))
        .upsert(member(4, "Edsger Dijkstra"));
    f.mapped().sync();
    Snapshot before = Snapshot.of(f);
    f.contoso.disable(uid(1));                                                  // mark inactive (disabled)
    f.contoso.delete(uid(2));                                                   // mark inactive (deleted)
    f.contoso.upsert(member(5, "Barbara Liskov"));                              // create
    f.contoso.upsert(memberWithEmail(6, "bob@contoso.example", "Bob Smith"));   // needs decision
    f.contoso.upsert(member(7, "Linus Torvalds"));                              // link
    f.contoso.upsert(guest(8, "Gail Guest"));                                   // skipped
    f.seedContact("contact-bob-1", CLIENT, "Bob One", "bob@contoso.example");
    f.seedContact("contact-bob-2", CLIENT, "Bob Two", "bob@contoso.example");
    f.seedContact("contact-linus", CLIENT, "Linus", "linus.torvalds@contoso.example");
    before = Snapshot.of(f);
    f.app.contacts().resetCallCounts();
    int upsertsBefore = f.app.links().upsertCalls();
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.dryRun();

    assertThat(Snapshot.of(f)).isEqualTo(before);
    assertThat(f.app.contacts().writeCalls()).isZero();
    assertThat(f.app.links().upsertCalls()).isEqualTo(upsertsBefore);
    Map<String, DryRunEntry.Bucket> buckets = outcome.dryRun().stream()
        .collect(Collectors.toMap(e -> e.objectId().value(), DryRunEntry::bucket));
    assertThat(buckets).containsExactlyInAnyOrderEntriesOf(Map.of(
        uid(1), DryRunEntry.Bucket.MARK_INACTIVE,
        uid(2), DryRunEntry.Bucket.MARK_INACTIVE,
        uid(3), DryRunEntry.Bucket.NO_CHANGE,
        uid(4), DryRunEntry.Bucket.NO_CHANGE,
        uid(5), DryRunEntry.Bucket.CREATE,
        uid(6), DryRunEntry.Bucket.NEEDS_DECISION,
        uid(7), DryRunEntry.Bucket.LINK,
        uid(8), DryRunEntry.Bucket.SKIPPED));
    DryRunEntry deleted = entry(outcome, 2);
    assertThat(deleted.reason()).isEqualTo("deleted_upstream");
    assertThat(entry(outcome, 1).reason()).isEqualTo("disabled_upstream");
    assertThat(entry(outcome, 6).contactIds()).containsExactly("contact-bob-1", "contact-bob-2");
    assertThat(entry(outcome, 7).contactIds()).containsExactly("contact-linus");
    assertThat(entry(outcome, 8).reason()).startsWith("guest");
    assertThat(entry(outcome, 5).email()).isEqualTo("barbara.liskov@contoso.example");
    assertThat(outcome.counters()).isEqualTo(new SyncCounters(1, 1, 0, 2, 1, 2, 0, 1));

    // The real run that follows does what the dry run said.
    assertThat(f.sync().counters()).isEqualTo(outcome.counters());
  }

  @Test
  void aDryRunNeverTouchesTheDeltaCursorEvenWhenItExpired() {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(member(1, "Ada Lovelace"));
    f.mapped().sync();
    f.contoso.upsert(member(2, "Grace Hopper"));
    Snapshot before = Snapshot.of(f);

    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome delta = f.dryRun();
    f.app.directGateway().expireNextDeltaRequests(1);
    TenantSyncOutcome expired = f.dryRun();

    assertThat(delta.dryRun()).extracting(DryRunEntry::bucket).containsExactly(DryRunEntry.Bucket.CREATE);
    assertThat(expired.dryRun()).extracting(DryRunEntry::bucket)
        .containsExactlyInAnyOrder(DryRunEntry.Bucket.NO_CHANGE, DryRunEntry.Bucket.CREATE);
    assertThat(Snapshot.of(f)).isEqualTo(before);
  }

  // ---- eligible user count -----------------------------------------------------------------

  @Test
  void theEligibleCountOfARealRunIsPersistedEvenWhenZero() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(guest(1, "Gail Guest")).upsert(member(2, "Dora Disabled").withAccountEnabled(false));
    f.mapped();
    Instant now = f.app.clock().advance(Duration.ofMinutes(3));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.eligibleUsers()).isZero();
    assertThat(outcome.observedAt()).isEqualTo(now);
    assertThat(f.tenant().lastSyncEligibleUsers()).isZero();
    assertThat(f.tenant().lastSyncObservedAt()).isEqualTo(now);
    assertThat(f.tenant().bestKnownUserCount()).isZero();
  }

  @Test
  void dryRunsAndFailedRunsNeverReplaceTheLastCount() {
    SyncFixture f = SyncFixture.cipp();
    f.contoso.upsert(member(1, "Ada Lovelace")).upsert(member(2, "Grace Hopper"));
    f.mapped().sync();
    Instant observed = f.tenant().lastSyncObservedAt();
    f.contoso.upsert(member(3, "Alan Turing"));
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome dry = f.dryRun();
    assertThat(dry.eligibleUsers()).isEqualTo(3);
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(2);

    f.app.cippGateway().failOnPage(0, new EntraUnavailableException("CIPP is down"));
    assertThatThrownBy(f::sync).isInstanceOf(EntraUnavailableException.class);
    assertThat(f.tenant().lastSyncEligibleUsers()).isEqualTo(2);
    assertThat(f.tenant().lastSyncObservedAt()).isEqualTo(observed);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static ContactLink link(SyncFixture f, int n) {
    return f.app.links().findActiveByObjectIds(MSP, TENANT_ID, List.of(EntraObjectId.of(uid(n)))).get(EntraObjectId.of(uid(n)));
  }

  private static DryRunEntry entry(TenantSyncOutcome outcome, int n) {
    return outcome.dryRun().stream().filter(e -> e.objectId().value().equals(uid(n))).findFirst().orElseThrow();
  }

  /** Everything a sync can write. */
  record Snapshot(List<HostContact> contacts, List<ContactLink> links, List<ReconciliationItem> queue, ManagedTenant tenant) {
    static Snapshot of(SyncFixture f) {
      return new Snapshot(f.app.contacts().all(MSP), f.app.links().listAll(MSP), f.app.queue().listAll(MSP), f.tenant());
    }
  }
}
