package org.entrasync.core.observe;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.spi.MspTenantId;
import org.slf4j.MDC;

/**
 * Whose work the upstream calls of the current thread do, so that a wait an upstream asks for in the
 * middle of an adapter call reaches the operator's metrics: a use case enters the scope around its
 * gateway calls (an MSP tenant, the managed tenant or null, and where throttling goes); the shared
 * retry ({@link org.entrasync.core.retry.UpstreamRetry}) reports every wait a {@code Retry-After}
 * asked for and it takes in process; an adapter that hands a call to a thread of its own wraps the
 * task with {@link #carried}, which carries this scope and the logging MDC ({@link LogKeys}) along.
 *
 * <p>Outside a scope nothing is reported. A listener's failure never fails the call.
 */
public final class UpstreamWork {
  /** Where the waits of a scope go. */
  @FunctionalInterface
  public interface ThrottleListener {
    /**
     * An upstream throttled a call and the call waits {@code wait} in process before trying again.
     *
     * @param tenantId the managed tenant the call was for, or null (discovery, the partner)
     */
    void throttled(MspTenantId msp, EntraTenantId tenantId, Duration wait);
  }

  /** The listener that tells {@code observer} of each wait ({@link SyncObserver#upstreamThrottled}). */
  public static ThrottleListener reportingTo(SyncObserver observer) {
    Objects.requireNonNull(observer, "observer");
    return (msp, tenantId, wait) -> observer.upstreamThrottled(new SyncObserver.UpstreamThrottled(msp, tenantId, wait));
  }

  private record Current(MspTenantId msp, EntraTenantId tenantId, ThrottleListener listener) {}

  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

  private UpstreamWork() {}

  /**
   * Enters the scope of one piece of work until the returned scope is closed (which restores the
   * enclosing one).
   *
   * @param tenantId the managed tenant, or null for the MSP's own calls
   */
  public static Scope enter(MspTenantId msp, EntraTenantId tenantId, ThrottleListener listener) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(listener, "listener");
    return swap(new Current(msp, tenantId, listener));
  }

  private static Scope swap(Current next) {
    Current previous = CURRENT.get();
    if (next == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(next);
    }
    return new Scope(previous);
  }

  /** Reports an in-process wait the upstream asked for to the current scope's listener, if any. */
  public static void throttled(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    Current current = CURRENT.get();
    if (current == null) {
      return;
    }
    try {
      current.listener().throttled(current.msp(), current.tenantId(), wait);
    } catch (RuntimeException ignored) {
      // metrics are best effort: the call goes on waiting and retrying whatever a listener does
    }
  }

  /**
   * {@code task}, to run on another thread with the submitting thread's scope and MDC in force; the
   * running thread's own are restored afterwards (pooled threads keep nothing).
   */
  public static <T> Callable<T> carried(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    Current scope = CURRENT.get();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> ownMdc = MDC.getCopyOfContextMap();
      setMdc(mdc);
      try (Scope ignored = swap(scope)) {
        return task.call();
      } finally {
        setMdc(ownMdc);
      }
    };
  }

  private static void setMdc(Map<String, String> values) {
    if (values == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(values);
    }
  }

  /** One entered scope; closing it restores the scope it replaced. */
  public static final class Scope implements AutoCloseable {
    private final Current previous;

    private Scope(Current previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
