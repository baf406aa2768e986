package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.spi.Actor;
import org.entrasync.spi.ErrorCode;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mapping before any tenant is discovered is refused WIZARD_ORDER; the message says what the operator
 * does now: run discovery, wait for the one under way, or start a worker for it.
 */
class UnfinishedDiscoveryTest {
  static final MspTenantId MSP = MspTenantId.of("msp-unfinished");
  static final Instant STARTED = Instant.parse("2026-03-02T09:15:00Z");

  static List<Arguments> cases() {
    return List.of(
        Arguments.of(null, "run tenant discovery before mapping"),
        Arguments.of(new SyncLauncher.Unfinished(STARTED, null),
            "A discovery started at 2026-03-02T09:15:00Z has not finished; wait for it"),
        Arguments.of(new SyncLauncher.Unfinished(STARTED, "No worker polls task queue 'q': start the workers."),
            "A discovery started at 2026-03-02T09:15:00Z has not finished: No worker polls task queue 'q': start the workers."));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void mappingBeforeDiscoverySaysWhatToDo(SyncLauncher.Unfinished discovery, String saying) {
    InMemoryEntrasync core = InMemoryEntrasync.create();
    core.flags().enableAllPhase1(MSP);
    core.connect(MSP, ConnectionType.DIRECT);
    SyncLauncher launcher = new DiscoveryUnderWay(discovery);
    EntraIntegration entra = EntraIntegration.builder().edition(Edition.ENTERPRISE).secrets(core.secrets())
        .flags(core.flags()).access(StaticAccessPolicy.allowAll()).clock(core.clock())
        .install(core.plugin()).install(in -> in.launcher(launcher)).build();

    RefusedException refused = catchThrowableOfType(
        () -> entra.confirmMappings(Actor.internal(MSP, "alice"), List.of(), true, false), RefusedException.class);

    assertThat(refused.code()).isEqualTo(ErrorCode.WIZARD_ORDER);
    assertThat(refused.getMessage()).contains(saying);
    assertThat(core.mappings().listActive(MSP)).isEmpty();
  }

  /** A launcher that only reports the discovery under way (or none). */
  private static final class DiscoveryUnderWay extends NoLauncher {
    private final SyncLauncher.Unfinished discovery;

    DiscoveryUnderWay(SyncLauncher.Unfinished discovery) {
      this.discovery = discovery;
    }

    @Override
    public Optional<Unfinished> unfinishedDiscovery(MspTenantId msp) {
      return Optional.ofNullable(discovery);
    }
  }
}
