package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Removing or reading the recurring sync's schedule: an absent schedule is nothing to remove and no
 * next run, but a frontend that cannot answer says nothing about the schedule. It is the library's
 * retryable error (the facade reports it: a disconnect's schedule outcome, the connection status's
 * schedule problem), never "removed" or "no next run".
 */
class ScheduleGatewayFailureTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-schedule");

  private TestWorkflowEnvironment env;
  private FailingFrontend frontend;
  private TemporalScheduleGateway gateway;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    frontend = new FailingFrontend(env, "DeleteSchedule", Status.UNAVAILABLE);
    ScheduleClient schedules = ScheduleClient.newInstance(frontend.stubs,
        ScheduleClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
    gateway = new TemporalScheduleGateway(schedules, EntraTemporalConfig.DEFAULTS);
  }

  @AfterEach
  void stop() {
    frontend.stubs.shutdownNow();
    env.close();
  }

  @Test
  void anAbsentScheduleIsNothingToRemoveAndNoNextRun() {
    gateway.removeSchedule(MSP);

    assertThat(gateway.nextRun(MSP)).isEmpty();
  }

  @Test
  void aRemovalTheFrontendCannotServeIsReportedNotTakenForDone() {
    frontend.fail("DeleteSchedule", Status.UNAVAILABLE.withDescription("frontend down"), Integer.MAX_VALUE);

    assertThatThrownBy(() -> gateway.removeSchedule(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("could not remove the recurring sync of msp-schedule")
        .hasMessageContaining("entrasync/msp-schedule/schedule");
  }

  @Test
  void aReadTheFrontendCannotServeIsCannotTellNotNoNextRun() {
    frontend.fail("DescribeSchedule", Status.UNAVAILABLE.withDescription("frontend down"), Integer.MAX_VALUE);

    assertThatThrownBy(() -> gateway.nextRun(MSP))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("could not read the recurring sync of msp-schedule");
  }
}
