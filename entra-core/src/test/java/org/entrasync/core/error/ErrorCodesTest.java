package org.entrasync.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The codes core's errors carry: what a host's UI switches on. */
class ErrorCodesTest {

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void aRefusalCarriesTheCodeOfItsName(Refusal refusal) {
    RefusedException e = new RefusedException(refusal, "refused");
    assertThat(e.code()).isEqualTo(ErrorCode.valueOf(refusal.name()));
    assertThat(e.refusal()).isEqualTo(refusal);
    assertThat(e.isRetryable()).isFalse();
  }

  static Stream<Arguments> remedies() {
    return Stream.of(
        Arguments.of(CredentialRejectedException.Remedy.PARTNER_REAUTHENTICATION, ErrorCode.SIGN_IN_REQUIRED),
        Arguments.of(CredentialRejectedException.Remedy.INTERACTIVE_SIGN_IN, ErrorCode.SIGN_IN_REQUIRED),
        Arguments.of(CredentialRejectedException.Remedy.CONNECT, ErrorCode.SIGN_IN_REQUIRED),
        Arguments.of(CredentialRejectedException.Remedy.FIX_APP_CREDENTIALS, ErrorCode.CREDENTIAL_REJECTED),
        Arguments.of(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL, ErrorCode.CREDENTIAL_REJECTED),
        Arguments.of(CredentialRejectedException.Remedy.FIX_CIPP_APP_SETUP, ErrorCode.CREDENTIAL_REJECTED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("remedies")
  void aRejectedCredentialSaysWhetherToSignInOrToFixACredential(CredentialRejectedException.Remedy remedy, ErrorCode code) {
    assertThat(new CredentialRejectedException(remedy, "m").code()).isEqualTo(code);
  }

  @ParameterizedTest
  @EnumSource(ConsentMissingException.Remedy.class)
  void aTenantThatCannotBeReadIsATenantAccessError(ConsentMissingException.Remedy remedy) {
    ConsentMissingException e = new ConsentMissingException(EntraTenantId.of("2a1c0e55-0000-4a11-8a11-000000000001"),
        remedy, "m", null);
    assertThat(e.code()).isEqualTo(ErrorCode.TENANT_ACCESS_DENIED);
  }
}
