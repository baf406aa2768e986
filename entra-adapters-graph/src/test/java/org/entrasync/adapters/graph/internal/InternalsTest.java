package org.entrasync.adapters.graph.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure pieces: classification table, cursors, redaction, Retry-After, PKCE. */
class InternalsTest {
  private static final EntraTenantId TENANT = EntraTenantId.of("22222222-aaaa-4bbb-8ccc-000000000002");

  private static TokenEndpointException error(int status, String error, Integer... codes) {
    return new TokenEndpointException(status, error, List.of(codes), "AADSTS" + (codes.length > 0 ? codes[0] : 0)
        + ": something", Duration.ofSeconds(3), false);
  }

  @ParameterizedTest(name = "{1} {2} on the partner token -> {3}")
  @CsvSource({
      "400, invalid_grant, 700082, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 70008, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 50173, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 70043, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 50132, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 50133, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 12345, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 65001, PARTNER_REAUTHENTICATION",
      "400, interaction_required, 50076, INTERACTIVE_SIGN_IN",
      "400, interaction_required, 53003, INTERACTIVE_SIGN_IN",
      "401, invalid_client, 7000215, FIX_APP_CREDENTIALS",
      "400, unauthorized_client, 700016, FIX_APP_CREDENTIALS",
  })
  void partnerTokenErrors(int status, String err, int code, Remedy remedy) {
    EntraException e = TokenErrors.forPartner(error(status, err, code));
    assertThat(e).isInstanceOfSatisfying(CredentialRejectedException.class, c -> assertThat(c.remedy()).isEqualTo(remedy));
    assertThat(e.isRetryable()).isFalse();
    if (remedy == Remedy.PARTNER_REAUTHENTICATION) {
      assertThat(e.getMessage()).contains("partner admin must sign in again");
    }
  }

  @ParameterizedTest(name = "{1} {2} for a customer tenant -> that tenant's {3}")
  @CsvSource({
      "400, invalid_grant, 65001, GRANT_CONSENT",
      "400, unauthorized_client, 700016, GRANT_CONSENT",
      "400, unauthorized_client, 7000112, GRANT_CONSENT",
      "400, consent_required, 65004, GRANT_CONSENT",
      "400, invalid_grant, 9002313, GRANT_CONSENT",
      "400, invalid_grant, 530034, FIX_GDAP",
      "400, invalid_request, 90002, FIX_GDAP",
      "400, invalid_grant, 50020, FIX_GDAP",
      "400, invalid_grant, 50177, FIX_GDAP",
      "400, interaction_required, 53003, CONDITIONAL_ACCESS",
      "400, invalid_grant, 53003, CONDITIONAL_ACCESS",
      "400, interaction_required, 50076, CONDITIONAL_ACCESS",
  })
  void customerTenantErrorsFailOnlyThatTenant(int status, String err, int code, ConsentMissingException.Remedy remedy) {
    EntraException e = TokenErrors.forCustomer(TENANT, error(status, err, code));
    assertThat(e).isInstanceOfSatisfying(ConsentMissingException.class, c -> {
      assertThat(c.tenantId()).isEqualTo(TENANT);
      assertThat(c.remedy()).isEqualTo(remedy);
    });
    assertThat(e.getMessage()).contains(TENANT.value()).contains("AADSTS" + code).endsWith("the other tenants are not affected.");
  }

  @ParameterizedTest(name = "{1} {2} for a customer tenant is the connection's {3}")
  @CsvSource({
      "400, invalid_grant, 70008, PARTNER_REAUTHENTICATION",
      "400, invalid_grant, 700082, PARTNER_REAUTHENTICATION",
      "401, invalid_client, 7000215, FIX_APP_CREDENTIALS",
      "400, invalid_client, 7000222, FIX_APP_CREDENTIALS",
  })
  void onlyThePartnersGrantAndTheAppsCredentialsTouchTheConnection(int status, String err, int code, Remedy remedy) {
    assertThat(TokenErrors.forCustomer(TENANT, error(status, err, code)))
        .isInstanceOfSatisfying(CredentialRejectedException.class, c -> assertThat(c.remedy()).isEqualTo(remedy));
  }

  @Test
  void aDeadPartnerGrantSeenThroughACustomerTenantIsStillThePartners() {
    assertThat(TokenErrors.forCustomer(TENANT, error(400, "invalid_grant", 70008)))
        .isInstanceOfSatisfying(CredentialRejectedException.class,
            c -> assertThat(c.remedy()).isEqualTo(Remedy.PARTNER_REAUTHENTICATION));
  }

  @Test
  void transientTokenErrorsAreRetryableAndCarryRetryAfter() {
    for (TokenEndpointException e : List.of(error(400, "temporarily_unavailable", 90033), error(429, null),
        error(503, null), TokenEndpointException.transport("SocketTimeoutException"))) {
      EntraException mapped = TokenErrors.forPartner(e);
      assertThat(mapped).isInstanceOf(EntraUnavailableException.class);
      assertThat(TokenErrors.forCustomer(TENANT, e)).isInstanceOf(EntraUnavailableException.class);
    }
    assertThat(((EntraUnavailableException) TokenErrors.forPartner(error(429, null))).retryAfter())
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void otherTokenErrorsAreRejections() {
    assertThat(TokenErrors.forPartner(error(400, "invalid_scope", 70011))).isExactlyInstanceOf(EntraRejectedException.class);
  }

  @Test
  void listingCursorsRoundTripAndRejectGarbage() {
    ListingCursor c = new ListingCursor(TENANT.value(), false, 3, 7,
        "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a.b", "https://graph.microsoft.com/v1.0/users?$skiptoken=x.y");
    assertThat(ListingCursor.decode(c.encode())).isEqualTo(c);
    assertThat(c.belongsTo(TENANT.value(), false)).isTrue();
    assertThat(c.belongsTo(TENANT.value(), true)).as("a full listing's cursor does not resume a delta round").isFalse();
    assertThat(c.belongsTo("33333333-aaaa-4bbb-8ccc-000000000003", false)).isFalse();
    assertThatThrownBy(() -> ListingCursor.decode("https://graph.microsoft.com/v1.0/users?$skiptoken=z"))
        .as("a bare next link names no tenant, mode or index").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListingCursor.decode("g1.0.0..aHR0cHM6Ly9ncmFwaA")).as("the older format").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListingCursor.decode("g1.x.y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListingCursor.decode("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.toString()).doesNotContain("skiptoken");
  }

  @Test
  void redactionRemovesTokensAndKeepsTheFirstLine() {
    String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.";
    String opaque = "1.EMUabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    String scrubbed = Redaction.scrub("AADSTS70008: token " + jwt + " and " + opaque + "\r\nTrace ID: 1234");
    assertThat(scrubbed).startsWith("AADSTS70008: token <redacted>").doesNotContain("eyJ").doesNotContain("Trace ID")
        .doesNotContain("EMUabcdefghijklmnopqrstuvwxyz");
    assertThat(Redaction.scrub("tenant 22222222-aaaa-4bbb-8ccc-000000000002")).contains("22222222-aaaa-4bbb-8ccc-000000000002");
    assertThat(Redaction.scrub("x".repeat(10) + " " + "word ".repeat(100))).hasSizeLessThanOrEqualTo(303);
    assertThat(Redaction.scrub(null)).isNull();
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryAfter.parse("30", clock)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:00 GMT", clock)).isEqualTo(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse("soon", clock)).isNull();
    assertThat(RetryAfter.parse(null, clock)).isNull();
  }

  @Test
  void pkceFollowsRfc7636() {
    // the RFC 7636 appendix B example
    assertThat(Pkce.s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Pkce.newVerifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void jwtClaimsAreReadTolerantly() {
    assertThat(Jwts.stringClaim("eyJhbGciOiJub25lIn0.eyJ0aWQiOiJhYmMifQ.", "tid")).contains("abc");
    assertThat(Jwts.stringClaim("opaque-token", "tid")).isEmpty();
    assertThat(Jwts.stringClaim(null, "tid")).isEmpty();
  }
}
