package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;
import static org.entrasync.core.internal.sync.SyncFixture.TENANT_ID;
import static org.entrasync.core.internal.sync.SyncFixture.member;
import static org.entrasync.core.internal.sync.SyncFixture.uid;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.sync.DryRunEntry;
import org.entrasync.core.sync.HeldDeletionsView;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.api.Test;

/**
 * The deletion-safety valve decides once per round, after the listing, whatever way a removal
 * arrived: absent from a complete listing, reported {@code @removed} by a delta round, or reported
 * disabled; against the active links held before the sync started.
 */
class DeletionValveTest {

  /** {@code n} linked users 1..n, after a first (initial) sync. */
  static SyncFixture linked(SyncFixture f, int n) {
    for (int i = 1; i <= n; i++) {
      f.contoso.upsert(member(i, "Person " + i));
    }
    f.mapped().sync();
    f.app.clock().advance(Duration.ofHours(1));
    return f;
  }

  static long inactiveContacts(SyncFixture f) {
    return f.app.contacts().all(MSP).stream().filter(HostContact::inactive).count();
  }

  @Test
  void aDeltaRoundDeletingSixteenOfTwentyIsHeld() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }

    TenantSyncOutcome outcome = f.sync();

    assertThat(f.app.directGateway().requests()).last().extracting(r -> r.mode().name()).isEqualTo("DELTA");
    assertThat(inactiveContacts(f)).isZero();
    assertThat(outcome.counters().inactivated()).isZero();
    assertThat(outcome.note()).contains("16 of 20").contains("No contact was inactivated");
  }

  @Test
  void massDisablementIsHeld() {
    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 11; i++) {
      f.contoso.disable(uid(i));
    }

    TenantSyncOutcome outcome = f.sync();

    assertThat(inactiveContacts(f)).isZero();
    assertThat(outcome.counters().inactivated()).isZero();
    assertThat(outcome.note()).contains("11 of 20");
  }

  @Test
  void theBaseIsTheActiveLinksHeldBeforeTheSyncNotThoseItCreates() {
    // 20 of 30 vanish while 30 new users appear: 20 of 30, not 20 of 40.
    SyncFixture f = linked(SyncFixture.cipp(), 30);
    for (int i = 1; i <= 20; i++) {
      f.contoso.delete(uid(i));
    }
    for (int i = 31; i <= 60; i++) {
      f.contoso.upsert(member(i, "Person " + i));
    }

    TenantSyncOutcome outcome = f.sync();

    assertThat(inactiveContacts(f)).isZero();
    assertThat(outcome.counters().created()).isEqualTo(30);
    assertThat(outcome.note()).contains("20 of 30");
  }

  @Test
  void disabledAndDeletedCountTogetherTowardsTheThreshold() {
    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 6; i++) {
      f.contoso.disable(uid(i));
    }
    for (int i = 7; i <= 12; i++) {
      f.contoso.delete(uid(i));
    }

    TenantSyncOutcome outcome = f.sync();

    assertThat(inactiveContacts(f)).isZero();
    assertThat(outcome.note()).contains("12 of 20");
  }

  @Test
  void aRetryAfterTheLastPageDoesNotListAgainNorCountTwice() {
    SyncFixture reference = linked(SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.CIPP), 5);
    reference.contoso.upsert(member(6, "Person 6"));
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = linked(SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.CIPP), 5);
    f.contoso.upsert(member(6, "Person 6"));
    List<SyncCheckpoint> checkpoints = new ArrayList<>();
    f.app.syncTenant(MSP, TENANT_ID, false, null, checkpoints::add);
    SyncCheckpoint afterLastPage = checkpoints.get(checkpoints.size() - 1);
    f.app.cippGateway().resetObservations();

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, afterLastPage, SyncProgressListener.NONE);

    assertThat(f.app.cippGateway().requests()).as("no second listing").isEmpty();
    assertThat(resumed.eligibleUsers()).isEqualTo(uninterrupted.eligibleUsers()).isEqualTo(6);
    assertThat(resumed.counters()).isEqualTo(uninterrupted.counters());
  }

  @Test
  void aDeltaRoundCountsTheLinkedIdentitiesItDidNotHearAboutAsUnchanged() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 5);
    f.contoso.upsert(member(6, "Person 6"));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withUnchanged(5));
    assertThat(outcome.counters().total()).isEqualTo(6);
  }

  @Test
  void aDeltaRoundWithoutAnyChangeCountsEveryLinkedIdentityAsUnchanged() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 5);

    TenantSyncOutcome quiet = f.sync();

    assertThat(f.app.directGateway().requests()).last().extracting(r -> r.mode().name()).isEqualTo("DELTA");
    assertThat(quiet.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(5));
    assertThat(quiet.eligibleUsers()).isEqualTo(5);
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.dryRun().counters()).as("a dry run of the next").isEqualTo(SyncCounters.ZERO.withUnchanged(5));
    assertThat(f.sync().counters()).as("and the round after it").isEqualTo(SyncCounters.ZERO.withUnchanged(5));
  }

  @Test
  void anIncompleteListingHoldsTheRemovalsItReportedAndInfersNoneFromAbsence() {
    SyncFixture f = linked(SyncFixture.with(InMemoryEntrasync.builder().pageSize(2), ConnectionType.CIPP), 6);
    f.contoso.disable(uid(1));
    f.app.cippGateway().endListingsAfterPages(1);

    TenantSyncOutcome outcome = f.sync();

    assertThat(inactiveContacts(f)).isZero();
    assertThat(outcome.deletionsHeld()).isEqualTo(1);
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(2));
    HeldDeletions held = heldOf(f);
    assertThat(held.reason()).isEqualTo(HoldReason.INCOMPLETE_LISTING);
    assertThat(held.identities()).containsExactly(new HeldDeletions.HeldIdentity(org.entrasync.core.model.EntraObjectId.of(uid(1)),
        InactiveReason.DISABLED_UPSTREAM));
    assertThat(outcome.note()).contains("4 of 6").contains("did not complete");

    // the next complete listing decides again: 1 of 6, applied
    f.app.cippGateway().clearFaults();
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withInactivated(1).withUnchanged(5));
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
  }

  @Test
  void aRemovalWithNothingLeftToDoIsCountedOnce() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 5);
    f.contoso.disable(uid(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withInactivated(1).withUnchanged(4));
    f.contoso.delete(uid(1)); // its contact is inactive already: nothing to do, but it is one identity
    f.app.clock().advance(Duration.ofHours(1));

    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(5));
  }

  @Test
  void removalsReportedOnEarlierPagesSurviveARetryOfTheRound() {
    SyncFixture f = linked(SyncFixture.with(InMemoryEntrasync.builder().pageSize(4), ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }
    f.app.directGateway().failOnPage(2, new EntraUnavailableException("Graph is busy"));
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    assertThatThrownBy(() -> f.app.syncTenant(MSP, TENANT_ID, false, null, last::set))
        .isInstanceOf(EntraUnavailableException.class);

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, last.get(), SyncProgressListener.NONE);

    assertThat(inactiveContacts(f)).isZero();
    assertThat(resumed.note()).contains("16 of 20");
  }

  // ---- the held set ------------------------------------------------------------------------------

  private static HeldDeletions heldOf(SyncFixture f) {
    return f.app.heldDeletions().find(MSP, TENANT_ID).orElseThrow(() -> new AssertionError("nothing held"));
  }

  private static void approve(SyncFixture f) {
    assertThat(f.app.heldDeletions().approve(MSP, TENANT_ID, "operator-1", f.app.clock().instant())).isTrue();
    f.app.clock().advance(Duration.ofHours(1));
  }

  @Test
  void aHeldSetIsStoredWithItsIdentitiesReasonCountsAndSince() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }
    Instant heldAt = f.app.clock().instant();

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.deletionsHeld()).isEqualTo(16);
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(20));
    HeldDeletions held = heldOf(f);
    assertThat(held.reason()).isEqualTo(HoldReason.THRESHOLD_TRIPPED);
    assertThat(held.count()).isEqualTo(16);
    assertThat(held.activeLinksBefore()).isEqualTo(20);
    assertThat(held.heldSince()).isEqualTo(heldAt);
    assertThat(held.approved()).isFalse();
    assertThat(held.identities()).extracting(HeldDeletions.HeldIdentity::reason).containsOnly(InactiveReason.DELETED_UPSTREAM);

    // The next round (nothing new upstream) decides the same set again: still held, since unchanged.
    f.app.clock().advance(Duration.ofHours(1));
    TenantSyncOutcome again = f.sync();
    assertThat(again.deletionsHeld()).isEqualTo(16);
    assertThat(again.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(20));
    assertThat(heldOf(f).heldSince()).isEqualTo(heldAt);
    assertThat(inactiveContacts(f)).isZero();
  }

  @Test
  void anApprovedSetIsAppliedByTheNextSyncExactlyAndNotHeldAgain() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }
    f.sync();
    approve(f);

    TenantSyncOutcome applied = f.sync();

    assertThat(applied.deletionsHeld()).isZero();
    assertThat(applied.note()).isNull();
    assertThat(applied.counters()).isEqualTo(SyncCounters.ZERO.withInactivated(16).withUnchanged(4));
    for (int i = 1; i <= 16; i++) {
      assertThat(f.contactOf(i).inactiveReason()).isEqualTo("deleted_upstream");
    }
    assertThat(inactiveContacts(f)).isEqualTo(16);
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
    f.app.clock().advance(Duration.ofHours(1));
    assertThat(f.sync().counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(4));
  }

  @Test
  void anApprovedIdentityThatCameBackIsNotInactivated() {
    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 12; i++) {
      f.contoso.disable(uid(i));
    }
    f.sync();
    approve(f);
    f.contoso.enable(uid(1)); // re-enabled before the next sync: still checked, so left alone

    TenantSyncOutcome applied = f.sync();

    assertThat(applied.counters().inactivated()).isEqualTo(11);
    assertThat(f.contactOf(1).inactive()).isFalse();
    assertThat(f.contactOf(2).inactiveReason()).isEqualTo("disabled_upstream");
  }

  @Test
  void anIdentityThatComesBackLeavesTheHeldSet() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 12; i++) {
      f.contoso.disable(uid(i));
    }
    f.sync();
    assertThat(heldOf(f).count()).isEqualTo(12);
    for (int i = 1; i <= 3; i++) {
      f.contoso.enable(uid(i)); // reported present and enabled by the next delta round
    }
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    // 9 of 20 is under the threshold's minimum count: decided again, applied; nothing held any more
    assertThat(outcome.deletionsHeld()).isZero();
    assertThat(outcome.counters()).isEqualTo(SyncCounters.ZERO.withInactivated(9).withUnchanged(11));
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
    assertThat(f.contactOf(1).inactive()).isFalse();
    assertThat(f.contactOf(4).inactiveReason()).isEqualTo("disabled_upstream");
  }

  @Test
  void removalsArrivingAfterAnApprovalAreDecidedOnTheirOwn() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 40);
    for (int i = 1; i <= 21; i++) {
      f.contoso.delete(uid(i));
    }
    f.sync();
    approve(f);
    for (int i = 22; i <= 33; i++) { // 12 more of the 19 left: held on their own
      f.contoso.delete(uid(i));
    }

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters().inactivated()).isEqualTo(21);
    assertThat(outcome.deletionsHeld()).isEqualTo(12);
    HeldDeletions held = heldOf(f);
    assertThat(held.count()).isEqualTo(12);
    assertThat(held.approved()).isFalse();
    assertThat(outcome.note()).contains("12 of 19");
  }

  @Test
  void disabledIdentitiesAreNotHeldWhenMarkInactiveWhenDisabledIsOff() {
    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 12; i++) {
      f.contoso.disable(uid(i));
    }
    f.sync();
    f.settings(org.entrasync.core.model.FieldSyncConfig.NONE, false);
    f.app.clock().advance(Duration.ofHours(1));

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.deletionsHeld()).isZero();
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
    assertThat(inactiveContacts(f)).isZero();
  }

  @Test
  void aRetryAfterTheDecisionReportsTheSameCountersAndAppliesTheRest() {
    SyncFixture reference = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 5; i++) {
      reference.contoso.delete(uid(i));
    }
    TenantSyncOutcome uninterrupted = reference.sync();

    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 5; i++) {
      f.contoso.delete(uid(i));
    }
    List<SyncCheckpoint> checkpoints = new ArrayList<>();
    f.app.syncTenant(MSP, TENANT_ID, false, null, checkpoints::add);
    SyncCheckpoint decided = checkpoints.get(checkpoints.size() - 1);
    assertThat(decided.deletions()).isEqualTo(new SyncCheckpoint.DeletionStep(5, 0, null));

    TenantSyncOutcome resumed = f.app.syncTenant(MSP, TENANT_ID, false, decided, SyncProgressListener.NONE);

    assertThat(resumed.counters()).isEqualTo(uninterrupted.counters())
        .isEqualTo(SyncCounters.ZERO.withUnchanged(15).withInactivated(5));
    assertThat(inactiveContacts(f)).isEqualTo(5);
  }

  @Test
  void aDryRunShowsWhatWouldBeHeld() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }

    TenantSyncOutcome dry = f.dryRun();

    assertThat(dry.deletionsHeld()).isEqualTo(16);
    assertThat(dry.counters()).isEqualTo(SyncCounters.ZERO.withUnchanged(20));
    assertThat(dry.dryRun()).filteredOn(e -> e.bucket() == DryRunEntry.Bucket.HELD).hasSize(16)
        .allSatisfy(e -> assertThat(e.reason()).isEqualTo("deleted_upstream"));
    assertThat(f.app.heldDeletions().find(MSP, TENANT_ID)).isEmpty();
    assertThat(f.app.links().findPendingRemovals(MSP, TENANT_ID)).isEmpty();
  }

  // ---- shown and approved ------------------------------------------------------------------------

  private static HeldDeletionService service(SyncFixture f) {
    return new HeldDeletionService(f.app.heldDeletions(), f.app.links(), f.app.contacts(), f.app.managedTenants(),
        f.app.clock());
  }

  @Test
  void theHeldSetIsShownWithItsCountsReasonSinceAndAFewNames() {
    SyncFixture f = linked(SyncFixture.cipp(), 20);
    for (int i = 1; i <= 6; i++) {
      f.contoso.disable(uid(i));
    }
    for (int i = 7; i <= 12; i++) {
      f.contoso.delete(uid(i));
    }
    Instant since = f.app.clock().instant();
    f.sync();

    List<HeldDeletionsView> views = service(f).list(MSP);

    assertThat(views).singleElement().satisfies(v -> {
      assertThat(v.tenantId()).isEqualTo(TENANT_ID);
      assertThat(v.tenantName()).isEqualTo("Contoso Ltd");
      assertThat(v.count()).isEqualTo(12);
      assertThat(v.deleted()).isEqualTo(6);
      assertThat(v.disabled()).isEqualTo(6);
      assertThat(v.reason()).isEqualTo(HoldReason.THRESHOLD_TRIPPED);
      assertThat(v.activeLinksBefore()).isEqualTo(20);
      assertThat(v.heldSince()).isEqualTo(since);
      assertThat(v.sampleNames()).hasSize(HeldDeletionService.SAMPLE_SIZE).allMatch(n -> n.startsWith("Person "));
      assertThat(v.approved()).isFalse();
    });
  }

  @Test
  void approvingNamesWhoAndWhenAndATenantHoldingNothingIsRefused() {
    SyncFixture f = linked(SyncFixture.on(ConnectionType.DIRECT), 20);
    assertThatThrownBy(() -> service(f).approve(MSP, "operator-1", TENANT_ID))
        .isInstanceOf(org.entrasync.core.error.RefusedException.class)
        .hasMessageContaining("holds no deletions");
    for (int i = 1; i <= 16; i++) {
      f.contoso.delete(uid(i));
    }
    f.sync();

    HeldDeletionsView approved = service(f).approve(MSP, "operator-1", TENANT_ID);

    assertThat(approved.approvedBy()).isEqualTo("operator-1");
    assertThat(approved.approvedAt()).isEqualTo(f.app.clock().instant());
    assertThat(heldOf(f).approved()).isTrue();
  }
}
