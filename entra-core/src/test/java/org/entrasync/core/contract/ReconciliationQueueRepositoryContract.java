package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;
import static org.entrasync.core.contract.ContractData.user;

import java.util.List;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReconciliationQueueRepository} must do: at most one open item per identity;
 * closed items stay. Items belong to discovered tenants, so the contract records a discovery first.
 */
public abstract class ReconciliationQueueRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract ReconciliationQueueRepository queue();

  /** The managed tenants of the same storage. */
  protected abstract ManagedTenantRepository managedTenants();

  @BeforeEach
  void discoverTenants() {
    msp = ContractData.newMsp("queue");
    otherMsp = ContractData.newMsp("queue-other");
    for (MspTenantId tenant : List.of(msp, otherMsp)) {
      managedTenants().recordDiscovery(tenant, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    }
  }

  protected static ReconciliationItem open(EntraTenantId tenantId, int user, int minute, String... candidates) {
    return new ReconciliationItem(tenantId, user(user), "client-1", "user" + user + "@contoso.example",
        "User " + user, List.of(candidates), QueueStatus.OPEN, null, null, at(minute), null);
  }

  @Test
  void upsertedItemsAreOpen() {
    ReconciliationItem item = open(tenant(1), 1, 1, "contact-a", "contact-b");
    queue().upsertOpen(msp, List.of(item));

    assertThat(queue().findOpen(msp, tenant(1), user(1))).contains(item);
    assertThat(queue().listOpen(msp)).containsExactly(item);
    assertThat(queue().findOpen(msp, tenant(2), user(1))).isEmpty();
  }

  @Test
  void upsertingAnOpenIdentityAgainRefreshesItsCandidatesAndKeepsOneItem() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "contact-a", "contact-b")));
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 5, "contact-a", "contact-c", "contact-d")));

    List<ReconciliationItem> open = queue().listOpen(msp);
    assertThat(open).hasSize(1);
    assertThat(open.get(0).candidateContactIds()).containsExactly("contact-a", "contact-c", "contact-d");
    assertThat(open.get(0).createdAt()).isEqualTo(at(1));
    assertThat(queue().listAll(msp)).hasSize(1);
  }

  @Test
  void listOpenIsOldestFirst() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 3, 3, "a", "b"), open(tenant(1), 1, 1, "a", "b")));
    queue().upsertOpen(msp, List.of(open(tenant(2), 2, 2, "a", "b")));
    assertThat(queue().listOpen(msp)).extracting(ReconciliationItem::objectId)
        .containsExactly(user(1), user(2), user(3));
  }

  @Test
  void resolveOpenClosesTheOpenItemsOfThoseIdentitiesOnly() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 0, "c-1", "c-2"), open(tenant(1), 2, 1, "c-3", "c-4")));
    queue().upsertOpen(otherMsp, List.of(open(tenant(1), 1, 0, "c-1", "c-2")));

    queue().resolveOpen(msp, tenant(1),
        java.util.Map.of(user(1), Resolution.autoLinked("c-1"), user(3), Resolution.autoCreated("c-9")), at(5));

    assertThat(queue().findOpen(msp, tenant(1), user(1))).isEmpty();
    assertThat(queue().findOpen(msp, tenant(1), user(2))).isPresent();
    assertThat(queue().listAll(msp)).filteredOn(i -> i.objectId().equals(user(1))).singleElement().satisfies(i -> {
      assertThat(i.status()).isEqualTo(QueueStatus.RESOLVED);
      assertThat(i.resolution()).isEqualTo("auto-linked:c-1");
      assertThat(i.resolvedBy()).isEqualTo("entrasync:sync");
    });
    assertThat(queue().listAll(msp)).as("no item appears for an identity that had none").hasSize(2);
    assertThat(queue().findOpen(otherMsp, tenant(1), user(1))).as("another MSP's item stays open").isPresent();
  }

  @Test
  void closeResolvesTheOpenItemOnce() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "contact-a", "contact-b")));

    assertThat(queue().close(msp, tenant(1), user(1), Resolution.linked("contact-b"), "alice", at(9)))
        .isTrue();
    assertThat(queue().findOpen(msp, tenant(1), user(1))).isEmpty();
    assertThat(queue().listOpen(msp)).isEmpty();
    assertThat(queue().listAll(msp)).containsExactly(new ReconciliationItem(tenant(1), user(1), "client-1",
        "user1@contoso.example", "User 1", List.of("contact-a", "contact-b"), QueueStatus.RESOLVED,
        "linked:contact-b", "alice", at(1), at(9)));

    assertThat(queue().close(msp, tenant(1), user(1), Resolution.DISMISSED, "bob", at(10))).isFalse();
    assertThat(queue().close(msp, tenant(1), user(2), Resolution.DISMISSED, "bob", at(10))).isFalse();
  }

  @Test
  void findLatestByObjectIdsReturnsTheNewestItemOfEachIdentityInAnyStatus() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "a", "b"), open(tenant(1), 2, 1, "a", "b")));
    queue().close(msp, tenant(1), user(1), Resolution.DISMISSED, "bob", at(2));
    queue().close(msp, tenant(1), user(2), Resolution.created("contact-z"), "bob", at(2));
    queue().upsertOpen(msp, List.of(open(tenant(1), 2, 3, "c", "d")));

    var latest = queue().findLatestByObjectIds(msp, tenant(1), List.of(user(1), user(2), user(3)));
    assertThat(latest).containsOnlyKeys(user(1), user(2));
    assertThat(latest.get(user(1)).status()).isEqualTo(QueueStatus.DISMISSED);
    assertThat(latest.get(user(2)).status()).isEqualTo(QueueStatus.OPEN);
    assertThat(latest.get(user(2)).candidateContactIds()).containsExactly("c", "d");
    assertThat(queue().findLatestByObjectIds(msp, tenant(2), List.of(user(1)))).isEmpty();
    assertThat(queue().listAll(msp)).hasSize(3);
  }

  @Test
  void listAllIsOrderedByTenantThenObjectId() {
    queue().upsertOpen(msp, List.of(open(tenant(2), 1, 1, "a", "b"), open(tenant(1), 2, 2, "a", "b"),
        open(tenant(1), 1, 3, "a", "b")));
    assertThat(queue().listAll(msp))
        .extracting(i -> i.tenantId().value() + "/" + i.objectId().value())
        .containsExactly(
            tenant(1).value() + "/" + user(1).value(),
            tenant(1).value() + "/" + user(2).value(),
            tenant(2).value() + "/" + user(1).value());
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    List<ReconciliationItem> same = List.of(open(tenant(1), 1, 1, "a", "b"), open(tenant(1), 2, 1, "a", "b"));
    queue().upsertOpen(msp, same);
    queue().upsertOpen(otherMsp, same);

    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "x", "y")));
    assertThat(queue().close(msp, tenant(1), user(2), Resolution.DISMISSED, "bob", at(5))).isTrue();

    assertThat(queue().listOpen(otherMsp)).containsExactlyElementsOf(same);
    assertThat(queue().findOpen(otherMsp, tenant(1), user(2))).isPresent();
    assertThat(queue().findLatestByObjectIds(otherMsp, tenant(1), List.of(user(1))).get(user(1))
        .candidateContactIds()).containsExactly("a", "b");
    assertThat(queue().listAll(otherMsp)).hasSize(2).allMatch(i -> i.status() == QueueStatus.OPEN);

    assertThat(queue().close(otherMsp, tenant(1), user(1), Resolution.linked("a"), "bob", at(6)))
        .isTrue();
    assertThat(queue().findOpen(msp, tenant(1), user(1)).orElseThrow().candidateContactIds())
        .containsExactly("x", "y");
    assertThat(queue().listOpen(msp)).extracting(ReconciliationItem::objectId).containsExactly(user(1));
  }

  @Test
  void theValuesEntraHadAreKeptWithTheItemThroughItsLife() {
    ReconciliationItem.Values values = new ReconciliationItem.Values("Head of Sales", "bea@contoso.example",
        List.of(new org.entrasync.spi.ContactPhone("+1 555 0701", org.entrasync.spi.ContactPhone.Type.WORK, true),
            new org.entrasync.spi.ContactPhone("+1 555 0700", org.entrasync.spi.ContactPhone.Type.MOBILE, false)));
    ReconciliationItem base = open(tenant(1), 1, 1, "contact-a", "contact-b");
    ReconciliationItem item = new ReconciliationItem(base.tenantId(), base.objectId(), base.clientId(), base.email(),
        base.displayName(), base.candidateContactIds(), base.status(), null, null, base.createdAt(), null, values);
    queue().upsertOpen(msp, List.of(item));

    assertThat(queue().findOpen(msp, tenant(1), user(1)).orElseThrow().values()).isEqualTo(values);
    queue().close(msp, tenant(1), user(1), Resolution.created("contact-x"), "op", at(5));
    assertThat(queue().listAll(msp)).singleElement().extracting(ReconciliationItem::values).isEqualTo(values);
  }

  @Test
  void countOpenCountsOneTenantsOpenItems() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "a", "b"), open(tenant(1), 2, 2, "a", "b"),
        open(tenant(1), 3, 3, "a", "b"), open(tenant(2), 4, 4, "a", "b")));
    queue().upsertOpen(otherMsp, List.of(open(tenant(1), 5, 5, "a", "b")));
    queue().close(msp, tenant(1), user(3), org.entrasync.core.model.Resolution.DISMISSED, "alice", at(6));

    assertThat(queue().countOpen(msp, tenant(1))).isEqualTo(2);
    assertThat(queue().countOpen(msp, tenant(2))).isEqualTo(1);
    assertThat(queue().countOpen(msp, tenant(9))).isZero();
    assertThat(queue().countOpen(otherMsp, tenant(2))).isZero();
  }

  @Test
  void hasAnyCountsClosedItemsTooButOnlyOfTheTenantAndMsp() {
    queue().upsertOpen(msp, List.of(open(tenant(1), 1, 1, "a", "b")));
    queue().upsertOpen(otherMsp, List.of(open(tenant(2), 2, 2, "a", "b")));
    queue().close(msp, tenant(1), user(1), org.entrasync.core.model.Resolution.DISMISSED, "alice", at(6));

    assertThat(queue().hasAny(msp, tenant(1))).as("only a dismissed item").isTrue();
    assertThat(queue().hasAny(otherMsp, tenant(2))).as("an open item").isTrue();
    assertThat(queue().hasAny(msp, tenant(2))).as("another MSP's item").isFalse();
    assertThat(queue().hasAny(otherMsp, tenant(1))).as("another MSP's item").isFalse();
  }
}
