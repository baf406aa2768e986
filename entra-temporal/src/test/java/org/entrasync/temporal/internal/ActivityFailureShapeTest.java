package org.entrasync.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.stream.Stream;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a library error becomes a Temporal failure: retry or not, after which delay, and whether the
 * worker logs it as a failure with a stack trace (only what nobody expected) or at DEBUG (BENIGN).
 */
class ActivityFailureShapeTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("rejected", new EntraRejectedException("The credentials were rejected."), true, null,
            ApplicationErrorCategory.BENIGN),
        Arguments.of("consent missing", new ConsentMissingException(EntraTenantId.of("11111111-1111-1111-1111-111111111111"), "Consent is missing."), true, null,
            ApplicationErrorCategory.BENIGN),
        Arguments.of("throttled", new EntraUnavailableException("Throttled.", Duration.ofSeconds(30), null), false,
            Duration.ofSeconds(30), ApplicationErrorCategory.BENIGN),
        Arguments.of("outage", new EntraUnavailableException("Graph is unavailable."), false, null,
            ApplicationErrorCategory.UNSPECIFIED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void aLibraryErrorBecomesAShapedFailure(String what, EntraException error, boolean nonRetryable, Duration delay,
      ApplicationErrorCategory category) {
    ApplicationFailure failure = EntraActivitiesImpl.failure(error);

    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
    assertThat(failure.getNextRetryDelay()).isEqualTo(delay);
    assertThat(failure.getCategory()).isEqualTo(category);
    assertThat(failure.getType()).isEqualTo(error.getClass().getSimpleName());
    assertThat(failure.getOriginalMessage()).isEqualTo(error.getMessage());
  }
}
