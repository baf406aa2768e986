package org.entrasync.core.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys the library sets while it works, named once. A host adds them to its log
 * pattern (logback: {@code %X{entrasync.msp}}) or ships them as fields of structured logs; every line
 * logged during a run, a tenant's sync or an activity then says whose work it was. None of them holds a
 * secret or a user's address.
 *
 * <p>Set by the Temporal worker interceptor around every activity (workflow id and everything the
 * activity's input names) and by the use cases for what they know when called outside Temporal
 * (a preview). Workflows never touch the MDC (a replay must not depend on thread state).
 */
public final class LogKeys {
  /** The MSP tenant the work is for. */
  public static final String MSP = "entrasync.msp";
  /** The sync run (the parent workflow's first run id; the run id of the facade and the database). */
  public static final String RUN_ID = "entrasync.runId";
  /** The workflow the current activity runs for (the run's parent or a tenant's child workflow). */
  public static final String WORKFLOW_ID = "entrasync.workflowId";
  /** The managed (customer) Entra tenant being synced. */
  public static final String MANAGED_TENANT_ID = "entrasync.managedTenantId";
  /** The activity type being executed (e.g. {@code SyncTenant}). */
  public static final String ACTIVITY = "entrasync.activity";

  private LogKeys() {}

  /**
   * Puts the non-null values for the duration of the returned scope; closing it restores what each
   * key held before (so nested scopes, e.g. a use case inside an activity, leave the outer values).
   */
  public static Scope put(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> previous = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = keysAndValues[i];
      String value = keysAndValues[i + 1];
      if (value != null && !previous.containsKey(key)) {
        previous.put(key, MDC.get(key));
        MDC.put(key, value);
      }
    }
    return new Scope(previous);
  }

  /** The MDC values one {@link #put} set; {@link #close} restores the values they replaced. */
  public static final class Scope implements AutoCloseable {
    private final Map<String, String> previous;

    private Scope(Map<String, String> previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      previous.forEach((key, value) -> {
        if (value == null) {
          MDC.remove(key);
        } else {
          MDC.put(key, value);
        }
      });
    }
  }
}
