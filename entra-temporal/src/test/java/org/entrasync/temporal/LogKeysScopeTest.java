package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import org.entrasync.core.observe.LogKeys;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A log scope sets its non-null keys and gives back what they held (checked here: a real MDC backend). */
class LogKeysScopeTest {

  @Test
  void aLogScopeRestoresWhatTheKeysHeldBefore() {
    MDC.put(LogKeys.MSP, "outer");
    try {
      try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, "inner", LogKeys.RUN_ID, "run-1", LogKeys.MANAGED_TENANT_ID, null)) {
        assertThat(MDC.get(LogKeys.MSP)).isEqualTo("inner");
        assertThat(MDC.get(LogKeys.RUN_ID)).isEqualTo("run-1");
        assertThat(MDC.get(LogKeys.MANAGED_TENANT_ID)).isNull();
      }
      assertThat(MDC.get(LogKeys.MSP)).isEqualTo("outer");
      assertThat(MDC.get(LogKeys.RUN_ID)).isNull();
    } finally {
      MDC.remove(LogKeys.MSP);
    }
  }
}
