package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;

import java.util.List;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MappingRepository} must do. Mappings are decided for discovered tenants, so the
 * contract records a discovery first (storage may enforce that with a foreign key).
 */
public abstract class MappingRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract MappingRepository mappings();

  /** The managed tenants of the same storage. */
  protected abstract ManagedTenantRepository managedTenants();

  @BeforeEach
  void discoverTenants() {
    msp = ContractData.newMsp("map");
    otherMsp = ContractData.newMsp("map-other");
    for (MspTenantId tenant : List.of(msp, otherMsp)) {
      managedTenants().recordDiscovery(tenant,
          List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam"), discovered(3, "Northwind")), at(0));
    }
  }

  private TenantMapping mapped(MspTenantId tenant, int n, String clientId, int minute) {
    return new TenantMapping(tenant, tenant(n), MappingState.MAPPED, clientId, 1.0, "alice", at(minute));
  }

  @Test
  void savedDecisionsAreTheActiveOnes() {
    TenantMapping one = mapped(msp, 1, "client-a", 1);
    TenantMapping two = new TenantMapping(msp, tenant(2), MappingState.SKIP_FOR_NOW, null, 0, "alice", at(1));
    mappings().saveDecisions(msp, List.of(one, two));

    assertThat(mappings().findActive(msp, tenant(1))).contains(one);
    assertThat(mappings().findActive(msp, tenant(2))).contains(two);
    assertThat(mappings().findActive(msp, tenant(3))).isEmpty();
    assertThat(mappings().listActive(msp)).containsExactlyInAnyOrder(one, two);
  }

  @Test
  void aNewDecisionReplacesTheActiveOneAndKeepsHistoryNewestFirst() {
    TenantMapping first = mapped(msp, 1, "client-a", 1);
    TenantMapping second = new TenantMapping(msp, tenant(1), MappingState.MAPPED, "client-b", 0.71, "bob", at(2));
    mappings().saveDecisions(msp, List.of(first));
    mappings().saveDecisions(msp, List.of(second));

    assertThat(mappings().findActive(msp, tenant(1))).contains(second);
    assertThat(mappings().listActive(msp)).containsExactly(second);
    assertThat(mappings().history(msp, tenant(1))).containsExactly(second, first);
  }

  @Test
  void savingTheSameDecisionTwiceKeepsOneActiveDecision() {
    TenantMapping decision = mapped(msp, 1, "client-a", 1);
    mappings().saveDecisions(msp, List.of(decision));
    mappings().saveDecisions(msp, List.of(decision));
    assertThat(mappings().listActive(msp)).containsExactly(decision);
  }

  @Test
  void findActiveByClientReturnsMappedAndCreateNewDecisionsOnly() {
    TenantMapping mapped = mapped(msp, 1, "client-a", 1);
    TenantMapping createNew =
        new TenantMapping(msp, tenant(2), MappingState.CREATE_NEW, "client-a", 0, "alice", at(1));
    TenantMapping review =
        new TenantMapping(msp, tenant(3), MappingState.NEEDS_REVIEW, "client-a", 0.6, "alice", at(1));
    mappings().saveDecisions(msp, List.of(mapped, createNew, review));

    assertThat(mappings().findActiveByClient(msp, "client-a")).containsExactlyInAnyOrder(mapped, createNew);
    assertThat(mappings().findActiveByClient(msp, "client-z")).isEmpty();

    mappings().saveDecisions(msp, List.of(mapped(msp, 1, "client-b", 2)));
    assertThat(mappings().findActiveByClient(msp, "client-a")).containsExactly(createNew);
  }

  @Test
  void deactivateEndsTheActiveDecisionAndKeepsItAsHistory() {
    TenantMapping decision = mapped(msp, 1, "client-a", 1);
    mappings().saveDecisions(msp, List.of(decision));
    mappings().deactivate(msp, tenant(1), "bob", at(5));

    assertThat(mappings().findActive(msp, tenant(1))).isEmpty();
    assertThat(mappings().listActive(msp)).isEmpty();
    assertThat(mappings().findActiveByClient(msp, "client-a")).isEmpty();
    assertThat(mappings().history(msp, tenant(1))).containsExactly(decision);
  }

  @Test
  void deactivateWithoutADecisionIsANoOp() {
    mappings().deactivate(msp, tenant(1), "bob", at(5));
    assertThat(mappings().history(msp, tenant(1))).isEmpty();
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    mappings().saveDecisions(msp, List.of(mapped(msp, 1, "client-a", 1)));
    mappings().saveDecisions(otherMsp, List.of(mapped(otherMsp, 1, "client-a", 1)));

    mappings().saveDecisions(msp, List.of(mapped(msp, 1, "client-b", 2)));
    mappings().deactivate(otherMsp, tenant(1), "bob", at(3));

    assertThat(mappings().findActive(msp, tenant(1))).contains(mapped(msp, 1, "client-b", 2));
    assertThat(mappings().findActive(otherMsp, tenant(1))).isEmpty();
    assertThat(mappings().listActive(otherMsp)).isEmpty();
    assertThat(mappings().findActiveByClient(otherMsp, "client-b")).isEmpty();
    assertThat(mappings().findActiveByClient(msp, "client-b")).extracting(TenantMapping::msp).containsOnly(msp);
    assertThat(mappings().history(msp, tenant(1))).hasSize(2).extracting(TenantMapping::msp).containsOnly(msp);
    assertThat(mappings().history(otherMsp, tenant(1))).hasSize(1).extracting(TenantMapping::msp)
        .containsOnly(otherMsp);
  }
}
