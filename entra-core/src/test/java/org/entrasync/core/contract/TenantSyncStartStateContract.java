package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;
import static org.entrasync.core.contract.ContractData.user;

import java.util.List;
import java.util.Map;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.TenantSyncStartState;
import org.entrasync.core.port.out.TenantSyncStartState.Start;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TenantSyncStartState} must do: answer what the separate ports answer about one
 * tenant of one MSP tenant, read together, and never another MSP tenant's rows.
 */
public abstract class TenantSyncStartStateContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  /** The storage whose start read is under test, with the ports it must agree with. */
  protected abstract StoragePorts storage();

  @BeforeEach
  void discoverTenants() {
    msp = ContractData.newMsp("start");
    otherMsp = ContractData.newMsp("start-other");
    for (MspTenantId t : List.of(msp, otherMsp)) {
      storage().tenants().recordDiscovery(t, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    }
  }

  private TenantSyncStartState start() {
    return storage().syncStart();
  }

  /** What the separate ports answer, one read each. */
  private Start separately(MspTenantId of, Integer tenantNumber) {
    StoragePorts s = storage();
    return TenantSyncStartState.composedOf(s.connections(), s.settings(), s.tenants(), s.links(), s.heldDeletions(),
        s.queue()).read(of, tenant(tenantNumber), at(5));
  }

  /** A tenant with something in every part of its start state, under {@code of}. */
  private void populate(MspTenantId of) {
    StoragePorts s = storage();
    s.connections().activate(new PartnerConnection(of, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, at(0), at(1), null));
    s.settings().save(of, new SyncSettings(FieldSyncConfig.NONE, UserFilterConfig.DEFAULT, false, 60));
    s.tenants().saveDeltaCursor(of, tenant(1), "cursor-" + of.value());
    s.links().upsert(of, List.of(
        new ContactLink(tenant(1), user(1), "c-1", "client-1", true, null, at(1), at(1)),
        new ContactLink(tenant(1), user(2), "c-2", "client-1", true, null, at(1), at(1)),
        new ContactLink(tenant(1), user(3), "c-3", "client-1", true, InactiveReason.DELETED_UPSTREAM, at(1), at(1)),
        new ContactLink(tenant(1), user(4), "c-4", "client-1", true, null, at(1), at(1)),
        new ContactLink(tenant(2), user(5), "c-5", "client-1", true, null, at(1), at(1))));
    s.links().markSeen(of, tenant(1), List.of(user(4)), at(6)); // seen after the round's start: heard
    s.links().markPendingRemoval(of, tenant(1), Map.of(user(2), InactiveReason.DISABLED_UPSTREAM), at(2));
    s.heldDeletions().hold(of, new HeldDeletions(tenant(1), HoldReason.THRESHOLD_TRIPPED,
        List.of(new HeldDeletions.HeldIdentity(user(2), InactiveReason.DISABLED_UPSTREAM)), 4, at(3), null, null));
    s.queue().upsertOpen(of, List.of(
        new ReconciliationItem(tenant(1), user(7), "client-1", "u7@contoso.example", "User 7", List.of("c-8", "c-9"),
            QueueStatus.OPEN, null, null, at(2), null),
        new ReconciliationItem(tenant(2), user(8), "client-1", "u8@contoso.example", "User 8", List.of("c-8", "c-9"),
            QueueStatus.OPEN, null, null, at(2), null)));
  }

  @Test
  void aTenantWithNothingStoredStartsFromDefaults() {
    Start state = start().read(msp, tenant(1), at(5));

    assertThat(state.connection()).isEmpty();
    assertThat(state.settings()).isEqualTo(SyncSettings.DEFAULT);
    assertThat(state.tenant()).isPresent();
    assertThat(state.tenant().get().deltaCursor()).isNull();
    assertThat(state.links()).isEqualTo(new ContactLinkRepository.TenantLinks(0, 0, List.of()));
    assertThat(state.held()).isEmpty();
    assertThat(state.openReviews()).isZero();
    assertThat(state.reviewHistory()).isFalse();
    assertThat(state.activeLinks()).isFalse();
    assertThat(state).isEqualTo(separately(msp, 1));
  }

  @Test
  void aTenantNeverDiscoveredHasNoTenantButStillItsConnectionAndSettings() {
    populate(msp);

    Start state = start().read(msp, tenant(9), at(5));

    assertThat(state.tenant()).isEmpty();
    assertThat(state.connection()).isPresent();
    assertThat(state.settings().intervalMinutes()).isEqualTo(60);
    assertThat(state).isEqualTo(separately(msp, 9));
  }

  @Test
  void answersInOneReadWhatTheSeparatePortsAnswer() {
    populate(msp);

    Start state = start().read(msp, tenant(1), at(5));

    assertThat(state.connection()).hasValueSatisfying(c -> {
      assertThat(c.connection().type()).isEqualTo(ConnectionType.DIRECT);
      assertThat(c.generation()).isEqualTo(storage().connections().activeGeneration(msp).getAsLong());
    });
    assertThat(state.settings().markInactiveWhenDisabled()).isFalse();
    assertThat(state.tenant().get().deltaCursor()).isEqualTo("cursor-" + msp.value());
    // in sync: 1, 2, 4 (3 was inactivated as deleted); unheard since minute 5: 1 (2 is pending, 4 was seen)
    assertThat(state.links().inSync()).isEqualTo(3);
    assertThat(state.links().unheardSince()).isEqualTo(1);
    assertThat(state.links().pendingRemovals()).extracting(ContactLink::objectId).containsExactly(user(2));
    assertThat(state.held()).hasValueSatisfying(h -> assertThat(h.identities()).hasSize(1));
    assertThat(state.openReviews()).isEqualTo(1);
    assertThat(state.reviewHistory()).isTrue();
    assertThat(state.activeLinks()).isTrue();
    assertThat(state).isEqualTo(separately(msp, 1));
  }

  @Test
  void activeLinksCountAnActiveLinkTheSyncInactivatedButNotADetachedOne() {
    StoragePorts s = storage();
    s.links().upsert(msp, List.of(
        new ContactLink(tenant(1), user(1), "c-1", "client-1", false, null, at(1), at(1)),
        new ContactLink(tenant(2), user(2), "c-2", "client-1", true, InactiveReason.DELETED_UPSTREAM, at(1), at(1))));

    Start detachedOnly = start().read(msp, tenant(1), at(5));
    Start inactivatedOnly = start().read(msp, tenant(2), at(5));

    assertThat(detachedOnly.activeLinks()).isFalse();
    assertThat(inactivatedOnly.activeLinks()).isTrue();
    assertThat(inactivatedOnly.links().inSync()).isZero();
    assertThat(start().read(otherMsp, tenant(2), at(5)).activeLinks()).as("another MSP's link").isFalse();
    assertThat(detachedOnly).isEqualTo(separately(msp, 1));
    assertThat(inactivatedOnly).isEqualTo(separately(msp, 2));
  }

  @Test
  void aTenantWhoseItemsAreAllClosedHasAReviewHistoryButNoOpenReview() {
    populate(msp);
    storage().queue().close(msp, tenant(1), user(7), Resolution.DISMISSED, "alice", at(4));

    Start state = start().read(msp, tenant(1), at(5));

    assertThat(state.openReviews()).isZero();
    assertThat(state.reviewHistory()).isTrue();
    assertThat(state).isEqualTo(separately(msp, 1));
  }

  @Test
  void neverAnswersAnotherMspTenantsRows() {
    populate(otherMsp);

    Start state = start().read(msp, tenant(1), at(5));

    assertThat(state.connection()).isEmpty();
    assertThat(state.settings()).isEqualTo(SyncSettings.DEFAULT);
    assertThat(state.tenant().get().deltaCursor()).isNull();
    assertThat(state.links()).isEqualTo(new ContactLinkRepository.TenantLinks(0, 0, List.of()));
    assertThat(state.held()).isEmpty();
    assertThat(state.openReviews()).isZero();
    assertThat(state.reviewHistory()).isFalse();
  }
}
