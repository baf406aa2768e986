package org.entrasync.core.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryConnectionRepository;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncObserver.UpstreamThrottled;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;

/**
 * An operator's own calls (connecting, validating the connection) wait for a throttling upstream in
 * process as a sync does; those waits are the MSP's throttling events too, for the duration of the
 * call only. (The MSP's log key on the wait's log line is checked where a logging backend runs:
 * {@code OperatorVisibilityTest} in entra-temporal.)
 */
class InteractiveThrottlingTest {
  static final MspTenantId MSP = MspTenantId.of("msp-interactive");
  static final Actor ADMIN = Actor.internal(MSP, "admin");
  static final Instant NOW = Instant.parse("2025-01-06T09:00:00Z");

  final List<UpstreamThrottled> events = new CopyOnWriteArrayList<>();
  final SyncObserver observer = new SyncObserver() {
    @Override public void upstreamThrottled(UpstreamThrottled e) { events.add(e); }
  };

  final InMemoryConnectionRepository connections = new InMemoryConnectionRepository();
  final FakeDirectoryGateway direct = FakeDirectoryGateway.direct(new EmulatedDirectory());
  final DirectAuthGateway auth = new DirectAuthGateway() {
    @Override
    public AuthorizationStart startAuthorization(MspTenantId msp, Actor actor, URI redirectUri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PartnerGrant completeAuthorization(MspTenantId msp, Actor actor, Map<String, String> callback) {
      UpstreamWork.throttled(Duration.ofSeconds(4)); // the token endpoint or the Graph probe said Retry-After
      return new PartnerGrant("access", "refresh", Instant.parse("2030-01-01T00:00:00Z"),
          "99999999-9999-4999-8999-999999999999", "User.Read");
    }
  };
  final CippConnectionValidator cipp = (msp, candidate) -> {
    UpstreamWork.throttled(Duration.ofSeconds(7)); // CIPP's tenant list answered 429
    return new CippConnectionValidator.Validated(candidate, 3);
  };
  final ConnectionService lifecycle = new ConnectionService(new InMemorySecretProvider(), connections,
      new DirectoryGateways(List.of(direct), connections), auth, cipp, Clock.fixed(NOW, ZoneOffset.UTC), observer);

  @Test
  void aThrottledValidationIsReportedAsTheMspsThrottling() {
    connections.activate(new PartnerConnection(MSP, ConnectionType.DIRECT, ConnectionStatus.CONNECTED, NOW, NOW, null));
    direct.throttleBefore(FakeDirectoryGateway.Operation.VALIDATE, Duration.ofSeconds(2));

    assertThat(lifecycle.validate(MSP).status()).isEqualTo(ConnectionStatus.CONNECTED);

    assertThat(events).containsExactly(new UpstreamThrottled(MSP, null, Duration.ofSeconds(2)));
  }

  @Test
  void aThrottledPartnerSignInIsReportedAsTheMspsThrottling() {
    lifecycle.completeDirect(MSP, ADMIN, Map.of());

    assertThat(events).containsExactly(new UpstreamThrottled(MSP, null, Duration.ofSeconds(4)));
  }

  @Test
  void aThrottledCippConnectIsReportedAsTheMspsThrottling() {
    lifecycle.connectCipp(MSP, new CippCredentials("https://cipp.example.com", "token-value", null, null, null));

    assertThat(events).containsExactly(new UpstreamThrottled(MSP, null, Duration.ofSeconds(7)));
  }

  @Test
  void theScopeEndsWithTheCall() {
    lifecycle.connectCipp(MSP, new CippCredentials("https://cipp.example.com", "token-value", null, null, null));
    events.clear();

    UpstreamWork.throttled(Duration.ofSeconds(1)); // a wait on this thread after the call: nobody's work

    assertThat(events).isEmpty();
  }
}
