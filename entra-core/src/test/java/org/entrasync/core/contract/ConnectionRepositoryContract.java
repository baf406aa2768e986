package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;

import java.util.List;
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

  // ---- generations -----------------------------------------------------------------------------

  @Test
  void everyActivatedConnectionHasAGenerationNoOtherConnectionOfTheTenantHad() {
    assertThat(connections().activeGeneration(msp)).isEmpty();
    connections().activate(direct(msp));
    long first = connections().activeGeneration(msp).orElseThrow();
    connections().updateStatus(new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.ERROR, at(0), at(2), "x"));
    assertThat(connections().activeGeneration(msp)).as("a status change is the same connection").hasValue(first);

    connections().activate(new PartnerConnection(msp, ConnectionType.CIPP, ConnectionStatus.CONNECTED, at(3), null, null));
    long second = connections().activeGeneration(msp).orElseThrow();
    connections().disconnect(msp, at(4));
    assertThat(connections().activeGeneration(msp)).as("a disconnected connection has none").isEmpty();
    connections().activate(direct(msp));
    long third = connections().activeGeneration(msp).orElseThrow();

    assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
  }

  @Test
  void generationsAreTheTenantsOwn() {
    connections().activate(direct(msp));
    long mine = connections().activeGeneration(msp).orElseThrow();
    connections().activate(direct(otherMsp));
    connections().disconnect(otherMsp, at(2));
    assertThat(connections().activeGeneration(msp)).hasValue(mine);
    assertThat(connections().activeGeneration(otherMsp)).isEmpty();
  }

  @Test
  void aStatusUpdateOfAnEarlierGenerationWritesNothing() {
    connections().activate(direct(msp));
    long earlier = connections().activeGeneration(msp).orElseThrow();
    PartnerConnection again = new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, at(5), at(5), null);
    connections().activate(again);

    boolean written = connections().updateStatus(earlier,
        new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.REAUTH_REQUIRED, at(0), at(6), "revoked"));

    assertThat(written).isFalse();
    assertThat(connections().findActive(msp)).contains(again);
  }

  @Test
  void aStatusUpdateOfTheActiveGenerationIsWritten() {
    connections().activate(direct(msp));
    long generation = connections().activeGeneration(msp).orElseThrow();
    PartnerConnection failed =
        new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.REAUTH_REQUIRED, at(0), at(6), "revoked");

    assertThat(connections().updateStatus(generation, failed)).isTrue();
    assertThat(connections().findActive(msp)).contains(failed);
    connections().disconnect(msp, at(7));
    assertThat(connections().updateStatus(generation, failed)).as("after a disconnect").isFalse();
  }

  @Test
  void theActiveConnectionIsReadWithItsGeneration() {
    assertThat(connections().findActiveWithGeneration(msp)).isEmpty();
    connections().activate(direct(msp));
    connections().activate(direct(otherMsp));
    connections().updateStatus(new PartnerConnection(msp, ConnectionType.DIRECT, ConnectionStatus.REAUTH_REQUIRED, at(0),
        at(2), "expired"));

    var active = connections().findActiveWithGeneration(msp).orElseThrow();
    assertThat(active.connection()).isEqualTo(connections().findActive(msp).orElseThrow());
    assertThat(active.generation()).isEqualTo(connections().activeGeneration(msp).orElseThrow());
    assertThat(active.generation()).isNotEqualTo(connections().activeGeneration(otherMsp).orElseThrow());

    connections().disconnect(msp, at(4));
    assertThat(connections().findActiveWithGeneration(msp)).isEmpty();
  }
}
