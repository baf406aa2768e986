package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;
import static org.entrasync.core.contract.ContractData.user;

import java.util.List;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HeldDeletions.HeldIdentity;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HeldDeletionRepository} must do: one held set per (MSP tenant, managed tenant),
 * replaced whole, approved, released; never another MSP tenant's.
 */
public abstract class HeldDeletionRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract HeldDeletionRepository held();

  protected abstract ManagedTenantRepository managedTenants();

  @BeforeEach
  void discoverTenants() {
    msp = ContractData.newMsp("held");
    otherMsp = ContractData.newMsp("held-other");
    for (MspTenantId t : List.of(msp, otherMsp)) {
      managedTenants().recordDiscovery(t, List.of(discovered(1, "Contoso"), discovered(2, "Fabrikam")), at(0));
    }
  }

  static HeldDeletions set(int tenant, int... users) {
    List<HeldIdentity> identities = new java.util.ArrayList<>();
    for (int u : users) {
      identities.add(new HeldIdentity(user(u), u % 2 == 0 ? InactiveReason.DISABLED_UPSTREAM : InactiveReason.DELETED_UPSTREAM));
    }
    return new HeldDeletions(tenant(tenant), HoldReason.THRESHOLD_TRIPPED, identities, 20, at(3), null, null);
  }

  @Test
  void nothingIsHeldAtFirst() {
    assertThat(held().find(msp, tenant(1))).isEmpty();
    assertThat(held().listHeld(msp)).isEmpty();
    assertThat(held().approve(msp, tenant(1), "op", at(4))).isFalse();
  }

  @Test
  void aHeldSetIsStoredWholeAndListedByTenant() {
    HeldDeletions fabrikam = set(2, 7);
    HeldDeletions contoso = set(1, 1, 2, 3);
    held().hold(msp, fabrikam);
    held().hold(msp, contoso);

    assertThat(held().find(msp, tenant(1))).contains(contoso);
    assertThat(held().listHeld(msp)).containsExactly(contoso, fabrikam);
    assertThat(held().listHeld(otherMsp)).isEmpty();
    assertThat(held().find(otherMsp, tenant(1))).isEmpty();
  }

  @Test
  void holdingAgainReplacesTheSetApprovalIncluded() {
    held().hold(msp, set(1, 1, 2, 3));
    assertThat(held().approve(msp, tenant(1), "op-1", at(4))).isTrue();
    assertThat(held().find(msp, tenant(1))).contains(set(1, 1, 2, 3).approve("op-1", at(4)));

    HeldDeletions next = new HeldDeletions(tenant(1), HoldReason.INCOMPLETE_LISTING,
        List.of(new HeldIdentity(user(9), InactiveReason.DELETED_UPSTREAM)), 17, at(8), null, null);
    held().hold(msp, next);

    assertThat(held().find(msp, tenant(1))).contains(next);
  }

  @Test
  void releasedTheTenantHoldsNothingAndMayHoldAgain() {
    held().hold(msp, set(1, 1, 2));
    held().hold(otherMsp, set(1, 1, 2));

    held().release(msp, tenant(1), at(9));

    assertThat(held().find(msp, tenant(1))).isEmpty();
    assertThat(held().listHeld(msp)).isEmpty();
    assertThat(held().approve(msp, tenant(1), "op", at(10))).isFalse();
    assertThat(held().find(otherMsp, tenant(1))).contains(set(1, 1, 2));
    held().hold(msp, set(1, 5));
    assertThat(held().find(msp, tenant(1))).contains(set(1, 5));
  }
}
