package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;

import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.port.out.ConnectionRepository;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionRepository} must do. Extend it with a factory for the implementation. */
public abstract class ConnectionRepositoryContract {
  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  /** The repository under test; may be called once per test or more (same storage). */
  protected abstract ConnectionRepository connections();

  @BeforeEach
  void newTenants() {
    msp = ContractData.newMsp("conn");
    otherMsp = ContractData.newMsp("conn-other");
  }

  private PartnerConnection direct(MspTenantId tenant) {
    return new PartnerConnection(tenant, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, at(0), at(1), null);
  }

  @Test
  void hasNoActiveConnectionBeforeAnyIsActivated() {
    assertThat(connections().findActive(msp)).isEmpty();
  }

  @Test
  void activateMakesTheConnectionTheActiveOne() {
    PartnerConnection connection = direct(msp);
    connections().activate(connection);
    assertThat(connections().findActive(msp)).contains(connection);
  }

  @Test
  void activatingAnotherConnectionReplacesTheActiveOne() {
    connections().activate(direct(msp));
    PartnerConnection cipp =
        new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.ERROR, at(5), at(6), "401 from CIPP");
    connections().activate(cipp);
    assertThat(connections().findActive(msp)).contains(cipp);
  }

  @Test
  void updateStatusChangesStatusValidationTimeAndError() {
    connections().activate(direct(msp));
    PartnerConnection failed = new PartnerConnection(
        msp, ConnectionType.DIRECT, ConnectionStatus.REAUTH_REQUIRED, at(0), at(10), "refresh token revoked");
    connections().updateStatus(failed);
    assertThat(connections().findActive(msp)).contains(failed);

    PartnerConnection healed =
        new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, at(0), at(20), null);
    connections().updateStatus(healed);
    assertThat(connections().findActive(msp)).contains(healed);
  }

  @Test
  void updateStatusForAnotherTypeThanTheActiveOneChangesNothing() {
    PartnerConnection active = direct(msp);
    connections().activate(active);
    connections().updateStatus(
        new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.ERROR, at(0), at(9), "stale"));
    assertThat(connections().findActive(msp)).contains(active);
  }

  @Test
  void updateStatusWithoutAnActiveConnectionIsANoOp() {
    connections().updateStatus(direct(msp));
    assertThat(connections().findActive(msp)).isEmpty();
  }

  @Test
  void disconnectLeavesNoActiveConnectionAndAllowsConnectingAgain() {
    connections().activate(direct(msp));
    connections().disconnect(msp, at(30));
    assertThat(connections().findActive(msp)).isEmpty();

    PartnerConnection again =
        new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.CONNECTED, at(40), at(40), null);
    connections().activate(again);
    assertThat(connections().findActive(msp)).contains(again);
  }

  @Test
  void disconnectWithoutAConnectionIsANoOp() {
    connections().disconnect(msp, at(1));
    assertThat(connections().findActive(msp)).isEmpty();
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    connections().activate(direct(msp));
    connections().activate(direct(otherMsp));

    PartnerConnection failed =
        new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.ERROR, at(0), at(5), "boom");
    connections().updateStatus(failed);
    assertThat(connections().findActive(otherMsp)).contains(direct(otherMsp));

    connections().disconnect(otherMsp, at(6));
    assertThat(connections().findActive(msp)).contains(failed);
    assertThat(connections().findActive(otherMsp)).isEmpty();

    PartnerConnection cipp =
        new PartnerConnection(otherMsp, ConnectionType.CIPP, ConnectionStatus.CONNECTED, at(7), null, null);
    connections().activate(cipp);
    assertThat(connections().findActive(msp)).contains(failed);
    assertThat(connections().findActive(otherMsp)).contains(cipp);
  }
}
