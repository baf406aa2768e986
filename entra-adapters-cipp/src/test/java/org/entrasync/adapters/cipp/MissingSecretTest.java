package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.spi.ErrorCode;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A stored CIPP connection that lacks a secret names the missing key (key names are not secrets), never a value. */
class MissingSecretTest {
  static final MspTenantId MSP = MspTenantId.of("msp-missing-secret");

  static List<Arguments> stored() {
    return List.of(
        Arguments.of("nothing", null, null, List.of(SecretKeys.ENTRA_CIPP_BASE_URL, SecretKeys.ENTRA_CIPP_API_TOKEN)),
        Arguments.of("a token without a base URL", null, "tok-kept-secret", List.of(SecretKeys.ENTRA_CIPP_BASE_URL)),
        Arguments.of("a base URL without a token or client", "https://cipp.example", null,
            List.of(SecretKeys.ENTRA_CIPP_API_TOKEN, SecretKeys.ENTRA_CIPP_CLIENT_ID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stored")
  void theMissingKeyIsNamed(String what, String baseUrl, String token, List<String> named) {
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    if (baseUrl != null) {
      secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, baseUrl);
    }
    if (token != null) {
      secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN, token);
    }
    try (CippDirectoryGateway gateway = new CippDirectoryGateway(secrets, CippConnectionConfig.defaults())) {
      CredentialRejectedException e = catchThrowableOfType(() -> gateway.validate(MSP), CredentialRejectedException.class);

      assertThat(e.code()).isEqualTo(ErrorCode.SIGN_IN_REQUIRED);
      assertThat(e.getMessage()).contains(named).doesNotContain("tok-kept-secret");
    }
  }
}
