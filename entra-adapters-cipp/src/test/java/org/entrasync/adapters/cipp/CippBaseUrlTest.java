package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CippBaseUrlTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "https://cipp-abc123.azurewebsites.net             | https://cipp-abc123.azurewebsites.net",
    "https://cipp-abc123.azurewebsites.net/            | https://cipp-abc123.azurewebsites.net",
    "https://cipp-abc123.azurewebsites.net///          | https://cipp-abc123.azurewebsites.net",
    "https://cipp-abc123.azurewebsites.net/api         | https://cipp-abc123.azurewebsites.net",
    "https://cipp-abc123.azurewebsites.net/api/        | https://cipp-abc123.azurewebsites.net",
    "https://cipp-abc123.azurewebsites.net/API//       | https://cipp-abc123.azurewebsites.net",
    "'  https://CIPP-ABC123.AzureWebsites.net  '       | https://cipp-abc123.azurewebsites.net",
    "HTTPS://cipp-abc123.azurewebsites.net:443/api     | https://cipp-abc123.azurewebsites.net",
    "https://cipp.msp.example:8443/                    | https://cipp.msp.example:8443",
    "https://gateway.msp.example/cipp/api/             | https://gateway.msp.example/cipp",
    "http://localhost:7071/api                         | http://localhost:7071",
    "http://127.0.0.1:50123                            | http://127.0.0.1:50123",
    "http://[::1]:8080/                                | http://[::1]:8080",
  })
  void acceptsAndNormalizes(String raw, String expected) {
    assertThat(CippBaseUrl.normalize(raw)).isEqualTo(expected);
    assertThat(CippBaseUrl.isValid(raw)).isTrue();
    // normalizing twice changes nothing
    assertThat(CippBaseUrl.normalize(expected)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "cipp-abc123.azurewebsites.net                    | absolute URL",
    "/api                                             | absolute URL",
    "ftp://cipp-abc123.azurewebsites.net              | must use https",
    "http://cipp-abc123.azurewebsites.net             | plain http is accepted only for localhost",
    "http://10.0.0.5:7071                             | plain http is accepted only for localhost",
    "https://cipp-abc123.azurewebsites.net/api?code=x | must not contain a query",
    "https://cipp-abc123.azurewebsites.net/?          | must not contain a query",
    "https://cipp-abc123.azurewebsites.net/#/tenants  | must not contain a fragment",
    "https://admin:pw@cipp-abc123.azurewebsites.net   | user name or password",
    "https://happy-sky-0f1e2d.azurestaticapps.net     | CIPP front end",
    "https://                                         | not a valid URL",
    "https://exa mple.com                             | not a valid URL",
    "mailto:ops@msp.example                           | absolute URL",
  })
  void refusesWithAnExplanation(String raw, String problem) {
    assertThatThrownBy(() -> CippBaseUrl.parse(raw))
        .isInstanceOf(RefusedException.class)
        .satisfies(e -> assertThat(((RefusedException) e).refusal()).isEqualTo(Refusal.VALIDATION))
        .hasMessageContaining(problem)
        .hasMessageContaining("Function App")
        .hasMessageContaining("https://cipp-xxxx.azurewebsites.net")
        .hasMessageContaining("not the address of the CIPP front end")
        .hasMessageNotContaining("pw@");
    assertThat(CippBaseUrl.isValid(raw)).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void refusesMissing(String raw) {
    assertThatThrownBy(() -> CippBaseUrl.parse(raw)).isInstanceOf(RefusedException.class).hasMessageContaining("missing");
  }

  @Test
  void exposesHostForMessages() {
    CippBaseUrl url = CippBaseUrl.parse("https://CIPP-x.azurewebsites.net/api/");
    assertThat(url.host()).isEqualTo("cipp-x.azurewebsites.net");
    assertThat(url).isEqualTo(CippBaseUrl.parse("https://cipp-x.azurewebsites.net"));
    assertThat(url.toString()).isEqualTo("https://cipp-x.azurewebsites.net");
  }
}
