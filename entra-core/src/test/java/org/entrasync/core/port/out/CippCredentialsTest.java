package org.entrasync.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.spi.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one CIPP credentials type a host builds: what is missing is VALIDATION, never an IllegalArgumentException. */
class CippCredentialsTest {
  static final String URL = "https://cipp-api.example";
  static final String CLIENT = "11111111-2222-4333-8444-555555555555";

  static Stream<Arguments> incomplete() {
    return Stream.of(
        Arguments.of("no base URL", null, "tok", null, null, null, "base URL is required"),
        Arguments.of("a blank base URL", "  ", "tok", null, null, null, "base URL is required"),
        Arguments.of("neither token nor client", URL, " ", null, null, null, "either an API token or a CIPP API client"),
        Arguments.of("a client without its secret", URL, null, CLIENT, null, "msp.onmicrosoft.com", "all three values"),
        Arguments.of("a token and half a client", URL, "tok", CLIENT, null, null, "all three values"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("incomplete")
  void anIncompleteEntryIsRefusedAsValidation(String why, String url, String token, String clientId, String secret,
      String tenant, String saying) {
    RefusedException e = catchThrowableOfType(() -> new CippCredentials(url, token, clientId, secret, tenant),
        RefusedException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
    assertThat(e.getMessage()).contains(saying);
  }

  @Test
  void aTokenOrAClientIsEnoughAndNeitherSecretIsShown() {
    assertThat(CippCredentials.withToken(URL, "tok-secret").toString()).doesNotContain("tok-secret");
    assertThat(CippCredentials.withClient(URL, CLIENT, "client-secret", "msp.onmicrosoft.com").toString())
        .doesNotContain("client-secret").contains(CLIENT);
  }
}
