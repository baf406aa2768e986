package org.entrasync.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.Test;

class UpstreamRetryTest {
  private static final UpstreamRetryPolicy FAST =
      new UpstreamRetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(50), Duration.ofSeconds(5));

  /** Fails with the given exceptions in turn, then answers "ok". */
  private static class Script implements Supplier<String> {
    private final List<RuntimeException> failures;
    final AtomicInteger calls = new AtomicInteger();

    Script(RuntimeException... failures) {
      this.failures = new ArrayList<>(List.of(failures));
    }

    @Override
    public String get() {
      int call = calls.getAndIncrement();
      if (call < failures.size()) {
        throw failures.get(call);
      }
      return "ok";
    }
  }

  private static EntraUnavailableException outage() {
    return new EntraUnavailableException("upstream unavailable");
  }

  private static EntraUnavailableException throttled(Duration retryAfter) {
    return new EntraUnavailableException("throttled", retryAfter, null);
  }

  @Test
  void retriesOutagesAndThrottlingWithinTheAttempts() {
    Script script = new Script(outage(), throttled(Duration.ofMillis(5)), outage());
    assertThat(new UpstreamRetry(FAST).call("test", script)).isEqualTo("ok");
    assertThat(script.calls).hasValue(4);
  }

  @Test
  void theLastAttemptsFailureGoesBackUnchanged() {
    EntraUnavailableException last = outage();
    Script script = new Script(outage(), outage(), outage(), last);
    assertThatThrownBy(() -> new UpstreamRetry(FAST).call("test", script)).isSameAs(last);
    assertThat(script.calls).hasValue(4);
  }

  @Test
  void aWaitLongerThanTheInProcessLimitIsHandedBackAtOnceWithItsRetryAfter() {
    EntraUnavailableException longWait = throttled(Duration.ofSeconds(8));
    Script script = new Script(longWait);
    assertThatThrownBy(() -> new UpstreamRetry(FAST).call("test", script))
        .isSameAs(longWait)
        .satisfies(e -> assertThat(((EntraUnavailableException) e).retryAfter()).contains(Duration.ofSeconds(8)));
    assertThat(script.calls).hasValue(1);
  }

  @Test
  void rejectionsAndExpiredDeltaCursorsAreNeverRetried() {
    Script rejected = new Script(new EntraRejectedException("bad credentials"));
    assertThatThrownBy(() -> new UpstreamRetry(FAST).call("test", rejected)).isInstanceOf(EntraRejectedException.class);
    assertThat(rejected.calls).hasValue(1);

    Script expired = new Script(new DeltaCursorExpiredException("expired", null));
    assertThatThrownBy(() -> new UpstreamRetry(FAST).call("test", expired)).isInstanceOf(DeltaCursorExpiredException.class);
    assertThat(expired.calls).hasValue(1);
  }

  @Test
  void aWaitThatWouldEndPastTheBudgetIsNotStarted() {
    // A clock that says 4.99 s have passed after the first failure: a 40 ms wait would overrun 5 s.
    AtomicLong now = new AtomicLong();
    UpstreamRetry retry = new UpstreamRetry(FAST, now::get);
    EntraUnavailableException first = throttled(Duration.ofMillis(40));
    Script script = new Script(first) {
      @Override
      public String get() {
        now.set(Duration.ofMillis(4_990).toNanos());
        return super.get();
      }
    };
    assertThatThrownBy(() -> retry.call("test", script)).isSameAs(first);
    assertThat(script.calls).hasValue(1);
  }

  @Test
  void backoffWithoutRetryAfterIsCappedByTheInProcessLimit() {
    UpstreamRetryPolicy policy = new UpstreamRetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofSeconds(5));
    Script script = new Script(outage(), outage());
    long started = System.nanoTime();
    assertThat(new UpstreamRetry(policy).call("test", script)).isEqualTo("ok");
    // Two waits of at most 20 ms, not 30 s.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void noRetryPolicyCallsOnce() {
    Script script = new Script(outage());
    assertThatThrownBy(() -> new UpstreamRetry(UpstreamRetryPolicy.NONE).call("test", script))
        .isInstanceOf(EntraUnavailableException.class);
    assertThat(script.calls).hasValue(1);
  }

  @Test
  void policiesRefuseNonsense() {
    assertThatThrownBy(() -> new UpstreamRetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new UpstreamRetryPolicy(2, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
  }
  @Test
  void aWaitTheServerAskedForAndTakenHereIsReportedAsThrottlingOfTheCurrentWork() {
    List<Duration> reported = new ArrayList<>();
    MspTenantId msp = MspTenantId.of("msp-throttled");
    EntraTenantId tenant = EntraTenantId.of("11111111-1111-1111-1111-111111111111");
    Script script = new Script(throttled(Duration.ofMillis(5)), outage(), throttled(Duration.ofMillis(7)));
    try (UpstreamWork.Scope work = UpstreamWork.enter(msp, tenant, (m, t, wait) -> {
      assertThat(m).isEqualTo(msp);
      assertThat(t).isEqualTo(tenant);
      reported.add(wait);
    })) {
      assertThat(new UpstreamRetry(FAST).call("test", script)).isEqualTo("ok");
    }
    // the outage's backoff is not throttling
    assertThat(reported).containsExactly(Duration.ofMillis(5), Duration.ofMillis(7));
  }

  @Test
  void aWaitHandedBackIsNotReportedHere() {
    List<Duration> reported = new ArrayList<>();
    EntraUnavailableException tooLong = throttled(Duration.ofSeconds(30)); // past FAST's in-process cap
    try (UpstreamWork.Scope work = UpstreamWork.enter(MspTenantId.of("msp-throttled"), null, (m, t, wait) -> reported.add(wait))) {
      assertThatThrownBy(() -> new UpstreamRetry(FAST).call("test", new Script(tooLong))).isSameAs(tooLong);
    }
    assertThat(reported).isEmpty();
  }
}
