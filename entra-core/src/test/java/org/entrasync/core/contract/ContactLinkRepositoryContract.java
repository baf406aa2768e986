package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;
import static org.entrasync.core.contract.ContractData.user;

import java.util.List;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContactLinkRepository} must do: one link per (MSP tenant, Entra tenant, object
 * id), at most one active link per contact, never deleted. Links belong to discovered tenants, so
 * the contract records a discovery first.
 */
public abstract class ContactLinkRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract ContactLinkRepository links();

  /** The managed tenants of the same storage. */
  protected abstract ManagedTenantRepository managedTenants();

  @BeforeEach
  void discoverTenants() {
    msp = ContractData.newMsp("links");
    otherMsp = ContractData.newMsp("links-other");
    for (MspTenantId tenant : List.of(msp, otherMsp)) {
      managedTenants().recordDiscovery(tenant, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    }
  }

  protected static ContactLink link(EntraTenantId tenantId, int user, String contactId) {
    return new ContactLink(tenantId, user(user), contactId, "client-1", true, null, at(1), at(1));
  }

  @Test
  void upsertedLinksAreFoundByObjectIdsOfTheirTenant() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"),
        link(tenant(2), 3, "contact-3")));

    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1), user(2), user(3), user(9))))
        .containsOnlyKeys(user(1), user(2))
        .containsEntry(user(1), link(tenant(1), 1, "contact-1"))
        .containsEntry(user(2), link(tenant(1), 2, "contact-2"));
    assertThat(links().findActiveByObjectIds(msp, tenant(2), List.of(user(3)))).containsOnlyKeys(user(3));
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of())).isEmpty();
  }

  @Test
  void upsertIsIdempotent() {
    List<ContactLink> batch = List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"));
    links().upsert(msp, batch);
    links().upsert(msp, batch);
    assertThat(links().listAll(msp)).containsExactlyElementsOf(batch);
    assertThat(links().countActive(msp, tenant(1))).isEqualTo(2);
  }

  @Test
  void upsertReplacesTheContactOfAnIdentity() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    ContactLink moved = new ContactLink(tenant(1), user(1), "contact-7", "client-2", true,
        InactiveReason.DISABLED_UPSTREAM, at(2), at(3));
    links().upsert(msp, List.of(moved));

    assertThat(links().listAll(msp)).containsExactly(moved);
    assertThat(links().findActiveByContact(msp, "contact-7")).contains(moved);
    assertThat(links().findActiveByContact(msp, "contact-1")).isEmpty();
  }

  @Test
  void aDetachedLinkIsKeptButNotActive() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    ContactLink detached = new ContactLink(tenant(1), user(1), "contact-1", "client-1", false, null, at(1), at(2));
    links().upsert(msp, List.of(detached));

    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1)))).isEmpty();
    assertThat(links().findActiveByContact(msp, "contact-1")).isEmpty();
    assertThat(links().findLinkedContactIds(msp, List.of("contact-1"))).isEmpty();
    assertThat(links().countActive(msp, tenant(1))).isZero();
    assertThat(links().listAll(msp)).containsExactly(detached);
  }

  @Test
  void aContactCanBeHandedToAnotherIdentityWhenItsOldLinkIsDetachedInTheSameUpsert() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    ContactLink detached = new ContactLink(tenant(1), user(1), "contact-1", "client-1", false, null, at(1), at(2));
    links().upsert(msp, List.of(link(tenant(1), 2, "contact-1"), detached));

    assertThat(links().findActiveByContact(msp, "contact-1")).contains(link(tenant(1), 2, "contact-1"));
    assertThat(links().listAll(msp)).hasSize(2);
  }

  @Test
  void aContactHasAtMostOneActiveLink() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    assertThatThrownBy(() -> links().upsert(msp, List.of(link(tenant(1), 2, "contact-1"))))
        .isInstanceOf(RuntimeException.class);
    assertThat(links().findActiveByContact(msp, "contact-1")).contains(link(tenant(1), 1, "contact-1"));
    assertThat(links().listAll(msp)).hasSize(1);
  }

  @Test
  void findLinkedContactIdsReturnsContactsWithAnActiveLink() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(2), 2, "contact-2")));
    assertThat(links().findLinkedContactIds(msp, List.of("contact-1", "contact-2", "contact-3")))
        .containsExactlyInAnyOrder("contact-1", "contact-2");
    assertThat(links().findLinkedContactIds(msp, List.of())).isEmpty();
  }

  @Test
  void markSeenSetsLastSeenOfTheGivenIdentitiesOnly() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2")));
    links().markSeen(msp, tenant(1), List.of(user(1), user(9)), at(30));

    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1))).get(user(1)).lastSeenAt())
        .isEqualTo(at(30));
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(2))).get(user(2)).lastSeenAt())
        .isEqualTo(at(1));
  }

  @Test
  void findActiveNotSeenSinceListsIdentitiesAFullListingMissed() {
    ContactLink deleted = new ContactLink(tenant(1), user(3), "contact-3", "client-1", true,
        InactiveReason.DELETED_UPSTREAM, at(1), at(1));
    ContactLink disabled = new ContactLink(tenant(1), user(4), "contact-4", "client-1", true,
        InactiveReason.DISABLED_UPSTREAM, at(1), at(1));
    ContactLink neverSeen = new ContactLink(tenant(1), user(5), "contact-5", "client-1", true, null, null, at(1));
    ContactLink detached = new ContactLink(tenant(1), user(6), "contact-6", "client-1", false, null, at(1), at(1));
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"), deleted,
        disabled, neverSeen, detached, link(tenant(2), 7, "contact-7")));

    links().markSeen(msp, tenant(1), List.of(user(1)), at(20));

    assertThat(links().findActiveNotSeenSince(msp, tenant(1), at(10)))
        .extracting(ContactLink::objectId)
        .containsExactly(user(2), user(4), user(5));
  }

  @Test
  void countActiveCountsOneTenant() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"),
        link(tenant(2), 3, "contact-3")));
    assertThat(links().countActive(msp, tenant(1))).isEqualTo(2);
    assertThat(links().countActive(msp, tenant(2))).isEqualTo(1);
  }

  @Test
  void countInSyncLeavesOutLinksWhoseContactTheSyncInactivated() {
    ContactLink off = link(tenant(1), 2, "contact-2");
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"),
        new ContactLink(off.tenantId(), off.objectId(), off.contactId(), off.clientId(), true,
            InactiveReason.DISABLED_UPSTREAM, at(1), at(1)),
        link(tenant(2), 3, "contact-3")));
    links().upsert(otherMsp, List.of(link(tenant(1), 1, "contact-1")));

    assertThat(links().countActive(msp, tenant(1))).isEqualTo(2);
    assertThat(links().countInSync(msp, tenant(1))).isEqualTo(1);
    assertThat(links().countInSync(msp, tenant(2))).isEqualTo(1);
    assertThat(links().countInSync(otherMsp, tenant(2))).isZero();
  }

  @Test
  void listAllIsOrderedByTenantThenObjectId() {
    links().upsert(msp, List.of(link(tenant(2), 1, "contact-a"), link(tenant(1), 3, "contact-b"),
        link(tenant(1), 2, "contact-c")));
    assertThat(links().listAll(msp))
        .extracting(l -> l.tenantId().value() + "/" + l.objectId().value())
        .containsExactly(
            tenant(1).value() + "/" + user(2).value(),
            tenant(1).value() + "/" + user(3).value(),
            tenant(2).value() + "/" + user(1).value());
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    List<ContactLink> same = List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"));
    links().upsert(msp, same);
    links().upsert(otherMsp, same);

    // The same contact id is a different contact in another MSP tenant.
    links().upsert(msp, List.of(new ContactLink(tenant(1), user(1), "contact-9", "client-1", true, null,
        at(1), at(1))));
    links().markSeen(msp, tenant(1), List.of(user(1), user(2)), at(40));
    links().upsert(otherMsp, List.of(new ContactLink(tenant(1), user(2), "contact-2", "client-1", false, null,
        at(1), at(1))));

    assertThat(links().listAll(otherMsp)).containsExactly(
        link(tenant(1), 1, "contact-1"),
        new ContactLink(tenant(1), user(2), "contact-2", "client-1", false, null, at(1), at(1)));
    assertThat(links().findActiveByContact(otherMsp, "contact-9")).isEmpty();
    assertThat(links().findLinkedContactIds(otherMsp, List.of("contact-1", "contact-2", "contact-9")))
        .containsExactly("contact-1");
    assertThat(links().countActive(otherMsp, tenant(1))).isEqualTo(1);
    assertThat(links().findActiveNotSeenSince(otherMsp, tenant(1), at(10)))
        .extracting(ContactLink::objectId).containsExactly(user(1));

    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1), user(2))).values())
        .extracting(ContactLink::contactId).containsExactlyInAnyOrder("contact-9", "contact-2");
    assertThat(links().findLinkedContactIds(msp, List.of("contact-1", "contact-2", "contact-9")))
        .containsExactlyInAnyOrder("contact-2", "contact-9");
    assertThat(links().countActive(msp, tenant(1))).isEqualTo(2);
    assertThat(links().findActiveNotSeenSince(msp, tenant(1), at(10))).isEmpty();
  }

  @Test
  void clearSyncReasonForgetsOnlyTheReasonOfTheGivenIdentities() {
    ContactLink disabled = new ContactLink(tenant(1), user(1), "contact-1", "client-1", true,
        InactiveReason.DISABLED_UPSTREAM, at(1), at(1));
    ContactLink deleted = new ContactLink(tenant(1), user(2), "contact-2", "client-1", true,
        InactiveReason.DELETED_UPSTREAM, at(1), at(1));
    links().upsert(msp, List.of(disabled, deleted));
    links().upsert(otherMsp, List.of(disabled));

    links().clearSyncReason(msp, tenant(1), List.of(user(1), user(9)));

    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1), user(2))))
        .containsEntry(user(1), new ContactLink(tenant(1), user(1), "contact-1", "client-1", true, null, at(1), at(1)))
        .containsEntry(user(2), deleted);
    assertThat(links().findActiveByObjectIds(otherMsp, tenant(1), List.of(user(1)))).containsEntry(user(1), disabled);
  }

  // ---- pending removals --------------------------------------------------------------------------

  @Test
  void pendingRemovalsAreMarkedOnActiveLinksFoundAndCleared() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"),
        link(tenant(1), 3, "contact-3"), link(tenant(2), 4, "contact-4")));
    links().upsert(msp, List.of(new ContactLink(tenant(1), user(5), "contact-5", "client-1", false, null, at(1), at(1))));
    links().upsert(otherMsp, List.of(link(tenant(1), 1, "contact-1")));

    links().markPendingRemoval(msp, tenant(1), java.util.Map.of(user(1), InactiveReason.DELETED_UPSTREAM,
        user(3), InactiveReason.DISABLED_UPSTREAM, user(5), InactiveReason.DELETED_UPSTREAM, user(9),
        InactiveReason.DELETED_UPSTREAM), at(5));

    assertThat(links().findPendingRemovals(msp, tenant(1))).containsExactly(
        new ContactLink(tenant(1), user(1), "contact-1", "client-1", true, null, at(1), at(1),
            InactiveReason.DELETED_UPSTREAM, at(5)),
        new ContactLink(tenant(1), user(3), "contact-3", "client-1", true, null, at(1), at(1),
            InactiveReason.DISABLED_UPSTREAM, at(5)));
    assertThat(links().findPendingRemovals(msp, tenant(2))).isEmpty();
    assertThat(links().findPendingRemovals(otherMsp, tenant(1))).isEmpty();
    // read with the link, too (the planner reads it there)
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(3))).get(user(3)).pendingRemoval())
        .isEqualTo(InactiveReason.DISABLED_UPSTREAM);

    links().clearPendingRemoval(msp, tenant(1), List.of(user(1), user(2)));
    assertThat(links().findPendingRemovals(msp, tenant(1))).extracting(ContactLink::objectId).containsExactly(user(3));
  }

  @Test
  void anUpsertKeepsTheLinksPendingRemoval() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    links().markPendingRemoval(msp, tenant(1), java.util.Map.of(user(1), InactiveReason.DISABLED_UPSTREAM), at(5));

    links().upsert(msp, List.of(new ContactLink(tenant(1), user(1), "contact-1", "client-1", true,
        InactiveReason.DISABLED_UPSTREAM, at(6), at(6))));

    ContactLink after = links().findActiveByObjectIds(msp, tenant(1), List.of(user(1))).get(user(1));
    assertThat(after.pendingRemoval()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);
    assertThat(after.pendingSince()).isEqualTo(at(5));
    assertThat(after.syncInactivated()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);
  }

  @Test
  void theAccountStateIsRecordedOnActiveLinksAndKeptByOtherWrites() {
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1"), link(tenant(1), 2, "contact-2"),
        new ContactLink(tenant(1), user(3), "contact-3", "client-1", false, null, at(1), at(1))));
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1))).get(user(1)).accountEnabled()).isNull();

    links().recordAccountEnabled(msp, tenant(1), java.util.Map.of(user(1), false, user(2), true, user(3), false));
    links().upsert(msp, List.of(link(tenant(1), 1, "contact-1")));
    links().markSeen(msp, tenant(1), List.of(user(1)), at(30));
    links().markPendingRemoval(msp, tenant(1), java.util.Map.of(user(1), InactiveReason.DISABLED_UPSTREAM), at(30));
    links().clearPendingRemoval(msp, tenant(1), List.of(user(1)));

    java.util.Map<org.entrasync.core.model.EntraObjectId, ContactLink> found = links().findActiveByObjectIds(msp, tenant(1), List.of(user(1), user(2)));
    assertThat(found.get(user(1)).accountEnabled()).isFalse();
    assertThat(found.get(user(2)).accountEnabled()).isTrue();
    assertThat(links().listAll(msp)).filteredOn(l -> l.objectId().equals(user(3)))
        .singleElement().satisfies(l -> assertThat(l.accountEnabled()).as("a detached link is not written").isNull());
    links().recordAccountEnabled(msp, tenant(1), java.util.Map.of(user(1), true));
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(1))).get(user(1)).accountEnabled()).isTrue();
  }

  @Test
  void unheardLinksAreTheActiveOnesNotSeenWithoutPendingRemovalNorDeletedBySync() {
    links().upsert(msp, List.of(
        link(tenant(1), 1, "contact-1"),                                            // unheard
        new ContactLink(tenant(1), user(2), "contact-2", "client-1", true, null, at(10), at(10)),  // seen
        new ContactLink(tenant(1), user(3), "contact-3", "client-1", true, InactiveReason.DISABLED_UPSTREAM,
            at(1), at(1)),                                                          // unheard (disabled, linked)
        new ContactLink(tenant(1), user(4), "contact-4", "client-1", true, InactiveReason.DELETED_UPSTREAM,
            at(1), at(1)),                                                          // gone
        link(tenant(1), 5, "contact-5"),                                            // pending: counted elsewhere
        new ContactLink(tenant(1), user(6), "contact-6", "client-1", false, null, at(1), at(1)),  // detached
        link(tenant(2), 7, "contact-7")));                                          // other tenant
    links().markPendingRemoval(msp, tenant(1), java.util.Map.of(user(5), InactiveReason.DELETED_UPSTREAM), at(5));

    assertThat(links().countUnheardSince(msp, tenant(1), at(5))).isEqualTo(2);
    assertThat(links().countUnheardSince(otherMsp, tenant(1), at(5))).isZero();
  }

  @Test
  void tenantLinksAreTheThreeReadsInOne() {
    links().upsert(msp, List.of(
        link(tenant(1), 1, "contact-1"),
        new ContactLink(tenant(1), user(2), "contact-2", "client-1", true, null, at(10), at(10)),
        new ContactLink(tenant(1), user(3), "contact-3", "client-1", true, InactiveReason.DISABLED_UPSTREAM,
            at(1), at(1)),
        new ContactLink(tenant(1), user(4), "contact-4", "client-1", true, InactiveReason.DELETED_UPSTREAM,
            at(1), at(1)),
        link(tenant(1), 5, "contact-5"),
        link(tenant(1), 8, "contact-8"),
        new ContactLink(tenant(1), user(6), "contact-6", "client-1", false, null, at(1), at(1)),
        link(tenant(2), 7, "contact-7")));
    links().markPendingRemoval(msp, tenant(1), java.util.Map.of(user(8), InactiveReason.DISABLED_UPSTREAM,
        user(5), InactiveReason.DELETED_UPSTREAM), at(5));

    ContactLinkRepository.TenantLinks read = links().tenantLinks(msp, tenant(1), at(5));
    assertThat(read).isEqualTo(new ContactLinkRepository.TenantLinks(links().countInSync(msp, tenant(1)),
        links().countUnheardSince(msp, tenant(1), at(5)), links().findPendingRemovals(msp, tenant(1))));
    assertThat(read.inSync()).isEqualTo(4);
    assertThat(read.unheardSince()).isEqualTo(2);
    assertThat(read.pendingRemovals()).extracting(ContactLink::objectId).containsExactly(user(5), user(8));

    assertThat(links().tenantLinks(msp, tenant(3), at(5))).isEqualTo(new ContactLinkRepository.TenantLinks(0, 0, List.of()));
    assertThat(links().tenantLinks(otherMsp, tenant(1), at(5))).isEqualTo(new ContactLinkRepository.TenantLinks(0, 0, List.of()));
  }
}
