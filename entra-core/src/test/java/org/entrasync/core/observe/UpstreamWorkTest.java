package org.entrasync.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whose work a throttling wait belongs to, on the calling thread and on an adapter's own threads. */
class UpstreamWorkTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-work");
  private static final MspTenantId OTHER_MSP = MspTenantId.of("msp-other");
  private static final EntraTenantId TENANT = EntraTenantId.of("11111111-1111-1111-1111-111111111111");

  private record Wait(MspTenantId msp, EntraTenantId tenant, Duration asked) {}

  private final List<Wait> waits = new CopyOnWriteArrayList<>();
  private final UpstreamWork.ThrottleListener recording = (msp, tenant, wait) -> waits.add(new Wait(msp, tenant, wait));
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aWaitOutsideAnyWorkGoesNowhere() {
    UpstreamWork.throttled(Duration.ofSeconds(2));
    try (UpstreamWork.Scope scope = UpstreamWork.enter(MSP, TENANT, recording)) {
      // entered after the wait above
    }
    UpstreamWork.throttled(Duration.ofSeconds(3));
    assertThat(waits).isEmpty();
  }

  @Test
  void aWaitIsTheWorkOfTheInnermostScopeAndClosingRestoresTheOuterOne() {
    try (UpstreamWork.Scope partner = UpstreamWork.enter(MSP, null, recording)) {
      UpstreamWork.throttled(Duration.ofSeconds(1));
      try (UpstreamWork.Scope tenant = UpstreamWork.enter(MSP, TENANT, recording)) {
        UpstreamWork.throttled(Duration.ofSeconds(2));
      }
      UpstreamWork.throttled(Duration.ofSeconds(3));
    }
    assertThat(waits).containsExactly(new Wait(MSP, null, Duration.ofSeconds(1)), new Wait(MSP, TENANT, Duration.ofSeconds(2)),
        new Wait(MSP, null, Duration.ofSeconds(3)));
  }

  @Test
  void aFailingListenerDoesNotFailTheCall() {
    try (UpstreamWork.Scope scope = UpstreamWork.enter(MSP, TENANT, (msp, tenant, wait) -> {
      throw new IllegalStateException("metrics backend down");
    })) {
      UpstreamWork.throttled(Duration.ofSeconds(1));
    }
    assertThat(waits).isEmpty();
  }

  @Test
  void aCarriedTaskWorksForItsSubmitterAndLeavesThePooledThreadAsItFoundIt() throws Exception {
    // the pool's thread works for another MSP when the task arrives (a thread of a host's own pool)
    pool.submit(() -> UpstreamWork.enter(OTHER_MSP, null, recording)).get(5, TimeUnit.SECONDS);
    try (UpstreamWork.Scope scope = UpstreamWork.enter(MSP, TENANT, recording)) {
      pool.submit(UpstreamWork.carried(() -> {
        UpstreamWork.throttled(Duration.ofSeconds(1));
        return null;
      })).get(5, TimeUnit.SECONDS);
    }
    pool.submit(() -> UpstreamWork.throttled(Duration.ofSeconds(2))).get(5, TimeUnit.SECONDS);
    assertThat(waits).containsExactly(new Wait(MSP, TENANT, Duration.ofSeconds(1)),
        new Wait(OTHER_MSP, null, Duration.ofSeconds(2)));
  }

  @Test
  void aTaskCarriedFromOutsideAnyWorkReportsNothingEvenOnAThreadThatHasWork() throws Exception {
    pool.submit(() -> UpstreamWork.enter(OTHER_MSP, null, recording)).get(5, TimeUnit.SECONDS);
    pool.submit(UpstreamWork.carried(() -> {
      UpstreamWork.throttled(Duration.ofSeconds(1));
      return null;
    })).get(5, TimeUnit.SECONDS);
    assertThat(waits).isEmpty();
  }
}
