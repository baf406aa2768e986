package org.entrasync.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.stream.Stream;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A library error crosses Temporal as an activity failure and comes back to the host as itself. */
class LibraryFailuresTest {
  private static final EntraTenantId TENANT = EntraTenantId.of("11111111-1111-1111-1111-111111111111");

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(new CredentialRejectedException(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION,
            "The partner admin must sign in again.")),
        Arguments.of(new CredentialRejectedException(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL,
            "CIPP rejected the API client.")),
        Arguments.of(new ConsentMissingException(TENANT, "Consent is missing.")),
        Arguments.of(new RefusedException(Refusal.NOT_CONNECTED, "Connect first.")),
        Arguments.of(new EntraUnavailableException("Graph is unavailable.", Duration.ofSeconds(30), null)),
        Arguments.of(new EntraRejectedException(ErrorCode.TENANT_ACCESS_DENIED, "No GDAP role.", null)),
        Arguments.of(new EntraRejectedException("Graph refused the request.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void comesBackAsTheSameKindOfErrorWithItsCodeRemedyAndMessage(EntraException error) {
    EntraException back = LibraryFailures.rebuilt(wrapped(EntraActivitiesImpl.failure(error))).orElseThrow();

    assertThat(back).isInstanceOf(error.getClass()).hasMessage(error.getMessage());
    assertThat(back.code()).isEqualTo(error.code());
    if (error instanceof CredentialRejectedException rejected) {
      assertThat(((CredentialRejectedException) back).remedy()).isEqualTo(rejected.remedy());
    }
    if (error instanceof ConsentMissingException consent) {
      assertThat(((ConsentMissingException) back).tenantId()).isEqualTo(consent.tenantId());
      assertThat(((ConsentMissingException) back).remedy()).isEqualTo(consent.remedy());
    }
    if (error instanceof RefusedException refused) {
      assertThat(((RefusedException) back).refusal()).isEqualTo(refused.refusal());
    }
  }

  /** As a workflow's failure wraps its activity's. */
  private static Throwable wrapped(ApplicationFailure activityFailure) {
    return new RuntimeException("workflow failed", new RuntimeException("activity task failed", activityFailure));
  }

  @Test
  void aFailureRecordedWithoutDetailsIsRebuiltFromItsTypeAlone() {
    ApplicationFailure old = ApplicationFailure.newNonRetryableFailure("The CIPP token was rejected.",
        "CredentialRejectedException");

    EntraException back = LibraryFailures.rebuilt(old).orElseThrow();

    assertThat(back).isInstanceOf(EntraRejectedException.class).hasMessage("The CIPP token was rejected.");
    assertThat(back.code()).isEqualTo(ErrorCode.CREDENTIAL_REJECTED);
  }

  @Test
  void aRemedyThisVersionDoesNotKnowStillGivesTheCode() {
    ApplicationFailure newer = ApplicationFailure.newBuilder().setType("CredentialRejectedException")
        .setMessage("Rejected.").setDetails("SIGN_IN_REQUIRED", "SOME_FUTURE_REMEDY", "").build();

    EntraException back = LibraryFailures.rebuilt(newer).orElseThrow();

    assertThat(back.code()).isEqualTo(ErrorCode.SIGN_IN_REQUIRED);
    assertThat(back).hasMessage("Rejected.");
  }

  @Test
  void aFailureThatIsNotALibraryErrorIsNotRebuilt() {
    assertThat(LibraryFailures.rebuilt(ApplicationFailure.newFailure("boom", "NullPointerException"))).isEmpty();
    assertThat(LibraryFailures.rebuilt(new IllegalStateException("no Temporal failure at all"))).isEmpty();
  }
}
