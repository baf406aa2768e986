package org.entrasync.core.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryConnectionRepository;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;
import org.junit.jupiter.api.Test;

/**
 * The order of a disconnect and of a reconnect, which is what makes a token refresh of the old
 * connection unable to write over them: the connection store moves to the next generation first, the
 * gateways forget the old credentials, and only then are secrets removed or written.
 */
class ConnectionLifecycleOrderTest {
  static final MspTenantId MSP = MspTenantId.of("msp-order");
  static final Actor ADMIN = Actor.internal(MSP, "admin");

  final InMemoryConnectionRepository connections = new InMemoryConnectionRepository();
  final FakeDirectoryGateway direct = FakeDirectoryGateway.direct(new EmulatedDirectory());
  final DirectoryGateways gateways = new DirectoryGateways(List.of(direct), connections);
  final InMemorySecretProvider store = new InMemorySecretProvider();
  /** What the connection store said (its active generation) at each secret write or delete. */
  final List<String> observed = new ArrayList<>();
  final SecretProvider secrets = new SecretProvider() {
    @Override
    public Optional<String> getTenantSecret(MspTenantId tenant, String key) {
      return store.getTenantSecret(tenant, key);
    }

    @Override
    public void putTenantSecret(MspTenantId tenant, String key, String value) {
      observed.add("put " + key + " @" + connections.activeGeneration(tenant) + " ended=" + direct.endedConnections().size());
      store.putTenantSecret(tenant, key, value);
    }

    @Override
    public void deleteTenantSecret(MspTenantId tenant, String key) {
      observed.add("delete " + key + " @" + connections.activeGeneration(tenant) + " ended=" + direct.endedConnections().size());
      store.deleteTenantSecret(tenant, key);
    }

    @Override
    public Optional<String> getAppSecret(String name) {
      return Optional.empty();
    }
  };
  int grants;
  final DirectAuthGateway auth = new DirectAuthGateway() {
    @Override
    public AuthorizationStart startAuthorization(MspTenantId msp, Actor actor, URI redirectUri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PartnerGrant completeAuthorization(MspTenantId msp, Actor actor, Map<String, String> callback) {
      grants++;
      return new PartnerGrant("access-" + grants, "refresh-" + grants, Instant.parse("2030-01-01T00:00:00Z"),
          "99999999-9999-4999-8999-999999999999", "User.Read");
    }
  };
  final ConnectionService lifecycle = new ConnectionService(secrets, connections, gateways, auth, null,
      Clock.fixed(Instant.parse("2025-01-06T09:00:00Z"), ZoneOffset.UTC), SyncObserver.NONE);

  @Test
  void aDisconnectEndsTheConnectionAndTellsTheGatewaysBeforeItRemovesASecret() {
    lifecycle.completeDirect(MSP, ADMIN, Map.of());
    observed.clear();

    lifecycle.disconnect(MSP);

    assertThat(observed).isNotEmpty().allMatch(line -> line.startsWith("delete ") && line.endsWith("@OptionalLong.empty ended=1"));
    assertThat(direct.endedConnections()).containsExactly(MSP);
  }

  @Test
  void aReconnectMovesToTheNextGenerationBeforeItWritesTheNewTokens() {
    lifecycle.completeDirect(MSP, ADMIN, Map.of());
    OptionalLong first = connections.activeGeneration(MSP);
    observed.clear();

    lifecycle.completeDirect(MSP, ADMIN, Map.of());

    OptionalLong second = connections.activeGeneration(MSP);
    assertThat(second).isNotEqualTo(first).isPresent();
    assertThat(observed).filteredOn(line -> line.startsWith("put "))
        .isNotEmpty().allMatch(line -> line.endsWith("@" + second + " ended=1"));
    assertThat(store.getTenantSecret(MSP, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN)).contains("refresh-2");
    assertThat(connections.findActive(MSP)).get().extracting(c -> c.type()).isEqualTo(ConnectionType.DIRECT);
  }
}
