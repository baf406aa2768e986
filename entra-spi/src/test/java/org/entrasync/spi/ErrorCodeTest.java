package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every library error carries a code, and the code agrees with the kind of error it is. */
class ErrorCodeTest {

  @Test
  void aPlainRejectionIsTheUpstreamsAndAPlainOutageIsUnavailable() {
    assertThat(new EntraRejectedException("Graph answered 400").code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
    assertThat(new EntraUnavailableException("Graph answered 503").code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(new EntraUnavailableException("throttled", Duration.ofSeconds(3), null).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void eachCodeFitsExactlyOneKindOfError(ErrorCode code) {
    if (code.isRetryable()) {
      EntraException e = new EntraUnavailableException(code, "m", null, null);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.isRetryable()).isTrue();
      assertThatThrownBy(() -> new EntraRejectedException(code, "m", null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(code.name());
    } else {
      EntraException e = new EntraRejectedException(code, "m", null);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.isRetryable()).isFalse();
      assertThatThrownBy(() -> new EntraUnavailableException(code, "m", null, null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(code.name());
    }
  }

  @Test
  void onlyOutagesAndAMissingWorkerAreRetryable() {
    assertThat(java.util.Arrays.stream(ErrorCode.values()).filter(ErrorCode::isRetryable))
        .containsExactlyInAnyOrder(ErrorCode.UNAVAILABLE, ErrorCode.NO_WORKER);
  }
}
