package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;

import java.util.List;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ManagedTenantRepository} must do. */
public abstract class ManagedTenantRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract ManagedTenantRepository managedTenants();

  @BeforeEach
  void newTenants() {
    msp = ContractData.newMsp("mt");
    otherMsp = ContractData.newMsp("mt-other");
  }

  @Test
  void recordDiscoveryInsertsNewTenants() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));

    assertThat(managedTenants().find(msp, tenant(1))).contains(new ManagedTenant(
        msp, tenant(1), "Contoso", "tenant1.example", 10, at(0), at(0), true, null, null, null));
    assertThat(managedTenants().list(msp)).extracting(ManagedTenant::id).containsExactly(tenant(1), tenant(2));
  }

  @Test
  void listIsOrderedByDisplayNameThenId() {
    managedTenants().recordDiscovery(msp, List.of(
        discovered(3, "Northwind"), discovered(1, "Contoso"), discovered(4, "Contoso"), discovered(2, "Adatum")),
        at(0));
    assertThat(managedTenants().list(msp))
        .extracting(ManagedTenant::id)
        .containsExactly(tenant(2), tenant(1), tenant(4), tenant(3));
  }

  @Test
  void aLaterDiscoveryUpdatesKnownTenantsAndMarksMissingOnesNotPresent() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    managedTenants().recordDiscovery(
        msp, List.of(new DiscoveredTenant(tenant(1), "Contoso Ltd", "contoso.example", 42)), at(60));

    assertThat(managedTenants().find(msp, tenant(1))).contains(new ManagedTenant(
        msp, tenant(1), "Contoso Ltd", "contoso.example", 42, at(0), at(60), true, null, null, null));
    ManagedTenant gone = managedTenants().find(msp, tenant(2)).orElseThrow();
    assertThat(gone.present()).isFalse();
    assertThat(gone.lastSeenAt()).isEqualTo(at(0));
    assertThat(managedTenants().list(msp)).hasSize(2);
  }

  @Test
  void aDiscoveryThatCouldNotReadADomainOrUserCountKeepsTheKnownOnes() {
    // A customer Graph throttled during enrichment is listed with its id and name only: unknown is
    // not "none", so the domain the mapping wizard matches on must survive the rediscovery.
    managedTenants().recordDiscovery(
        msp, List.of(new DiscoveredTenant(tenant(1), "Contoso", "contoso.example", 42)), at(0));
    managedTenants().recordDiscovery(msp, List.of(new DiscoveredTenant(tenant(1), "Contoso Ltd", null, null)), at(60));

    ManagedTenant known = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(known.displayName()).isEqualTo("Contoso Ltd");
    assertThat(known.primaryDomain()).isEqualTo("contoso.example");
    assertThat(known.sourceUserCount()).isEqualTo(42);
    assertThat(known.lastSeenAt()).isEqualTo(at(60));
  }

  @Test
  void aTenantListedAgainIsPresentAgain() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(0));
    managedTenants().recordDiscovery(msp, List.of(), at(10));
    assertThat(managedTenants().find(msp, tenant(1)).orElseThrow().present()).isFalse();

    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(20));
    ManagedTenant back = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(back.present()).isTrue();
    assertThat(back.discoveredAt()).isEqualTo(at(0));
    assertThat(back.lastSeenAt()).isEqualTo(at(20));
  }

  @Test
  void deltaCursorIsStoredAndCleared() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(0));
    managedTenants().saveDeltaCursor(msp, tenant(1), "https://graph.example/delta?cursor=abc");
    assertThat(managedTenants().find(msp, tenant(1)).orElseThrow().deltaCursor())
        .isEqualTo("https://graph.example/delta?cursor=abc");

    managedTenants().saveDeltaCursor(msp, tenant(1), null);
    assertThat(managedTenants().find(msp, tenant(1)).orElseThrow().deltaCursor()).isNull();
  }

  @Test
  void clearingDeltaCursorsClearsEveryTenantOfOneMspOnly() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    managedTenants().recordDiscovery(otherMsp, List.of(discovered(1, "Contoso")), at(0));
    managedTenants().saveDeltaCursor(msp, tenant(1), "c1");
    managedTenants().saveDeltaCursor(msp, tenant(2), "c2");
    managedTenants().saveDeltaCursor(otherMsp, tenant(1), "theirs");

    managedTenants().clearDeltaCursors(msp);

    assertThat(managedTenants().list(msp)).extracting(ManagedTenant::deltaCursor).containsOnlyNulls();
    assertThat(managedTenants().find(otherMsp, tenant(1)).orElseThrow().deltaCursor()).isEqualTo("theirs");
  }

  @Test
  void completedSyncCountIsRecordedAndSurvivesRediscovery() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(0));
    managedTenants().saveDeltaCursor(msp, tenant(1), "cursor-1");
    managedTenants().recordCompletedSync(msp, tenant(1), 37, at(5));
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(10));

    ManagedTenant stored = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(stored.lastSyncEligibleUsers()).isEqualTo(37);
    assertThat(stored.lastSyncObservedAt()).isEqualTo(at(5));
    assertThat(stored.deltaCursor()).isEqualTo("cursor-1");
    assertThat(stored.bestKnownUserCount()).isEqualTo(37);
  }

  @Test
  void unknownTenantIsEmpty() {
    assertThat(managedTenants().find(msp, tenant(9))).isEmpty();
    assertThat(managedTenants().list(msp)).isEmpty();
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    List<DiscoveredTenant> same = List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam"));
    managedTenants().recordDiscovery(msp, same, at(0));
    managedTenants().recordDiscovery(otherMsp, same, at(0));

    // A discovery of one MSP tenant never marks the other's tenants absent.
    managedTenants().recordDiscovery(msp, List.of(), at(10));
    assertThat(managedTenants().list(otherMsp)).allMatch(ManagedTenant::present);
    assertThat(managedTenants().list(msp)).noneMatch(ManagedTenant::present);

    managedTenants().saveDeltaCursor(msp, tenant(1), "mine");
    managedTenants().recordCompletedSync(msp, tenant(1), 5, at(11));
    ManagedTenant other = managedTenants().find(otherMsp, tenant(1)).orElseThrow();
    assertThat(other.deltaCursor()).isNull();
    assertThat(other.lastSyncEligibleUsers()).isNull();
    assertThat(other.msp()).isEqualTo(otherMsp);
    assertThat(managedTenants().list(otherMsp)).extracting(ManagedTenant::msp).containsOnly(otherMsp);
  }

  @Test
  void aRoundsEndWritesTheCursorAndTheCountTogetherOrKeepsThem() {
    managedTenants().recordDiscovery(msp, List.of(discovered(1, "Contoso")), at(0));
    managedTenants().recordSyncEnd(msp, tenant(1), new ManagedTenantRepository.SyncEnd(true, "cursor-1", 37, at(5)));
    ManagedTenant first = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(first.deltaCursor()).isEqualTo("cursor-1");
    assertThat(first.lastSyncEligibleUsers()).isEqualTo(37);
    assertThat(first.lastSyncObservedAt()).isEqualTo(at(5));

    // cursor kept, count replaced
    managedTenants().recordSyncEnd(msp, tenant(1), new ManagedTenantRepository.SyncEnd(false, null, 40, at(6)));
    ManagedTenant second = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(second.deltaCursor()).isEqualTo("cursor-1");
    assertThat(second.lastSyncEligibleUsers()).isEqualTo(40);
    assertThat(second.lastSyncObservedAt()).isEqualTo(at(6));

    // cursor cleared, count kept (an untrusted listing)
    managedTenants().recordSyncEnd(msp, tenant(1), new ManagedTenantRepository.SyncEnd(true, null, null, null));
    ManagedTenant third = managedTenants().find(msp, tenant(1)).orElseThrow();
    assertThat(third.deltaCursor()).isNull();
    assertThat(third.lastSyncEligibleUsers()).isEqualTo(40);
    assertThat(third.lastSyncObservedAt()).isEqualTo(at(6));
    assertThat(managedTenants().find(otherMsp, tenant(1))).isEmpty();
  }
}
