package org.entrasync.core.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryConnectionRepository;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DirectoryGatewaysTest {
  static final MspTenantId MSP = MspTenantId.of("msp-gateways");
  static final Instant NOW = Instant.parse("2025-01-06T09:00:00Z");

  final EmulatedDirectory directory = new EmulatedDirectory();
  final FakeDirectoryGateway direct = FakeDirectoryGateway.direct(directory);
  final FakeDirectoryGateway cipp = FakeDirectoryGateway.cipp(directory);
  final InMemoryConnectionRepository connections = new InMemoryConnectionRepository();
  final DirectoryGateways gateways = new DirectoryGateways(List.of(direct, cipp), connections);

  private void connect(ConnectionType type, ConnectionStatus status) {
    connections.activate(new PartnerConnection(MSP, type, status, NOW, NOW, null));
  }

  @Test
  void aTenantWithoutAConnectionIsRefusedAsNotConnected() {
    assertThatThrownBy(() -> gateways.forTenant(MSP))
        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_CONNECTED))
        .hasMessageContaining(MSP.value());
  }

  @Test
  void aDisconnectedTenantIsRefusedAsNotConnected() {
    connect(ConnectionType.DIRECT, ConnectionStatus.CONNECTED);
    connections.disconnect(MSP, NOW);

    assertThatThrownBy(() -> gateways.forTenant(MSP))
        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_CONNECTED));
  }

  @Test
  void aConnectionThatNeedsReauthenticationIsNotUsableAndSaysTheAdminMustSignInAgain() {
    connections.activate(new PartnerConnection(MSP, ConnectionType.DIRECT, ConnectionStatus.REAUTH_REQUIRED, NOW, NOW,
        "The partner's Microsoft sign-in is no longer valid (invalid_grant AADSTS70008)."));

    // a tenant that starts after another tenant's sync found the sign-in dead fails with that remedy
    assertThatThrownBy(() -> gateways.forTenant(MSP))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            e -> assertThat(e.remedy()).isEqualTo(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION))
        .hasMessageContaining("must sign in again")
        .hasMessageContaining("AADSTS70008");
  }

  @Test
  void aRejectionIsRecordedAgainstTheConnectionThatRaisedItOnly() {
    connect(ConnectionType.DIRECT, ConnectionStatus.CONNECTED);
    java.util.OptionalLong before = gateways.activeGeneration(MSP);
    PartnerConnection reconnected = new PartnerConnection(MSP, ConnectionType.DIRECT, ConnectionStatus.CONNECTED,
        NOW.plusSeconds(60), NOW.plusSeconds(60), null);
    connections.activate(reconnected);
    CredentialRejectedException late = new CredentialRejectedException(
        CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION, "the old sign-in was revoked");

    gateways.recordRejected(MSP, before, late);
    assertThat(connections.findActive(MSP)).contains(reconnected);

    gateways.recordRejected(MSP, gateways.activeGeneration(MSP), late);
    assertThat(connections.findActive(MSP)).get().extracting(PartnerConnection::status)
        .isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
  }

  @Test
  void aConnectionThatEndedIsForgottenByEveryGateway() {
    gateways.connectionEnded(MSP);
    assertThat(direct.endedConnections()).containsExactly(MSP);
    assertThat(cipp.endedConnections()).containsExactly(MSP);
  }

  @ParameterizedTest
  @EnumSource(value = ConnectionStatus.class, names = {"CONNECTED", "ERROR"})
  void theActiveConnectionsTypePicksTheGateway(ConnectionStatus status) {
    connect(ConnectionType.CIPP, status);
    assertThat(gateways.forTenant(MSP)).isSameAs(cipp);

    connect(ConnectionType.DIRECT, status);
    assertThat(gateways.forTenant(MSP)).isSameAs(direct);
  }

  @Test
  void aTypeTheHostDidNotWireIsRefused() {
    DirectoryGateways directOnly = new DirectoryGateways(List.of(direct), connections);
    connect(ConnectionType.CIPP, ConnectionStatus.CONNECTED);

    assertThatThrownBy(() -> directOnly.forTenant(MSP))
        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.VALIDATION));
    assertThat(directOnly.ofType(ConnectionType.DIRECT)).isSameAs(direct);
  }

  @Test
  void twoGatewaysOfOneTypeAreAWiringError() {
    assertThatThrownBy(() -> new DirectoryGateways(List.of(direct, FakeDirectoryGateway.direct(directory)), connections))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
