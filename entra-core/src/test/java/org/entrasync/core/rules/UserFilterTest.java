package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.UserFilterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserFilterTest {

  private static final String ID = "c0000001-0000-4000-8000-000000000001";

  private static DirectoryUser.Builder member(String email) {
    return DirectoryUser.builder(ID).email(email).displayName("Someone").assignedLicenseCount(1);
  }

  private static FilterDecision evaluate(DirectoryUser user) {
    return UserFilter.evaluate(user, UserFilterConfig.DEFAULT);
  }

  @ParameterizedTest(name = "{0} is a service account (token {1})")
  @CsvSource({
    "svc-backup@contoso.example, svc",
    "svc.sql@contoso.example, svc",
    "service.account@contoso.example, serviceaccount",
    "noreply@contoso.example, noreply",
    "no-reply@contoso.example, noreply",
    "do-not-reply@contoso.example, donotreply",
    "donotreply@contoso.example, donotreply",
    "system.alerts@contoso.example, system",
    "automation@contoso.example, automation",
    "automated_reports@contoso.example, automated",
    "bot@contoso.example, bot",
    "daemon@contoso.example, daemon",
    "shared.mailbox@contoso.example, sharedmailbox",
    "SVC+Printer@Contoso.example, svc",
    "build-bot@contoso.example, bot",
  })
  void serviceAccountsAreExcluded(String email, String token) {
    FilterDecision decision = evaluate(member(email).build());

    assertThat(decision).isInstanceOf(FilterDecision.Excluded.class);
    FilterDecision.Excluded excluded = (FilterDecision.Excluded) decision;
    assertThat(excluded.reason()).isEqualTo(SkipReason.SERVICE_ACCOUNT);
    assertThat(excluded.detail()).contains("'" + token + "'");
    assertThat(UserFilter.serviceAccountToken(email)).contains(token);
  }

  @ParameterizedTest(name = "{0} is a person")
  @ValueSource(strings = {
    "mary.abbott@contoso.example",
    "jane.talbot@contoso.example",
    "ann.bottomley@contoso.example",
    "sa.nguyen@contoso.example",
    "systemsengineer@contoso.example",
    "robotics.lead@contoso.example",
    "botha.james@contoso.example",
    "abbot@contoso.example",
    "svcs.manager@contoso.example",
  })
  void peopleAreKept(String email) {
    assertThat(evaluate(member(email).build())).isEqualTo(new FilterDecision.Eligible(email));
    assertThat(UserFilter.serviceAccountToken(email)).isEmpty();
  }

  @Test
  void theUpnIsCheckedForServiceTokensToo() {
    DirectoryUser user = member(null).mail("alerts@contoso.example").userPrincipalName("svc-alerts@contoso.example").build();

    assertThat(evaluate(user)).isEqualTo(
        new FilterDecision.Excluded(SkipReason.SERVICE_ACCOUNT, "Service-account token 'svc' in svc-alerts@contoso.example."));
  }

  @Test
  void proxyAddressesAndDisplayNamesAreNeverCheckedForServiceTokens() {
    DirectoryUser user = member("ops@contoso.example")
        .displayName("System Bot Noreply")
        .proxyAddresses(List.of("SMTP:ops@contoso.example", "smtp:noreply@contoso.example"))
        .build();

    assertThat(evaluate(user)).isEqualTo(new FilterDecision.Eligible("ops@contoso.example"));
  }

  @Test
  void serviceTokensAreAListOfTheTenDefaults() {
    assertThat(UserFilter.DEFAULT_SERVICE_ACCOUNT_TOKENS).containsExactly(
        "svc", "serviceaccount", "noreply", "donotreply", "system", "automation", "automated", "daemon", "bot",
        "sharedmailbox");
  }

  /** Each row: the user's state and the config; the expected reason, or ELIGIBLE. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      # case                           | enabled | mail                      | upn                                     | userType | licenses | guests | licensedOnly | patterns        | expected
      enabled member                   | true    | ada@contoso.example       | ada@contoso.example                     | Member   | 1        | false  | false        | null            | ELIGIBLE
      disabled                         | false   | ada@contoso.example       | ada@contoso.example                     | Member   | 1        | false  | false        | null            | DISABLED
      state unknown                    | null    | ada@contoso.example       | ada@contoso.example                     | Member   | 1        | false  | false        | null            | ACCOUNT_STATE_UNKNOWN
      disabled wins over no email      | false   | null                      | ada                                     | Member   | 1        | false  | false        | null            | DISABLED
      no email identity                | true    | null                      | ada                                     | Member   | 1        | false  | false        | null            | NO_EMAIL_IDENTITY
      mail not email-shaped, upn not   | true    | not an address            | contoso\\ada                            | Member   | 1        | false  | false        | null            | NO_EMAIL_IDENTITY
      upn only is enough               | true    | null                      | scanner@contoso.example                 | Member   | 0        | false  | false        | null            | ELIGIBLE
      guest by userType                | true    | pat@partner.example       | pat@contoso.example                     | Guest    | 1        | false  | false        | null            | GUEST
      guest by userType, lower case    | true    | pat@partner.example       | pat@contoso.example                     | guest    | 1        | false  | false        | null            | GUEST
      guest by #EXT# upn               | true    | pat@partner.example       | pat_partner.example#EXT#@contoso.example | Member   | 1        | false  | false        | null            | GUEST
      guest included                   | true    | pat@partner.example       | pat_partner.example#EXT#@contoso.example | Guest    | 1        | true   | false        | null            | ELIGIBLE
      guest before unlicensed          | true    | pat@partner.example       | pat@contoso.example                     | Guest    | 0        | false  | true         | null            | GUEST
      unlicensed, licensed-only        | true    | ada@contoso.example       | ada@contoso.example                     | Member   | 0        | false  | true         | null            | UNLICENSED
      licenses unknown, licensed-only  | true    | ada@contoso.example       | ada@contoso.example                     | Member   | null     | false  | true         | null            | UNLICENSED
      unlicensed, licensed-only off    | true    | ada@contoso.example       | ada@contoso.example                     | Member   | 0        | false  | false        | null            | ELIGIBLE
      licensed, licensed-only          | true    | ada@contoso.example       | ada@contoso.example                     | Member   | 2        | false  | true         | null            | ELIGIBLE
      unlicensed before service token  | true    | noreply@contoso.example   | noreply@contoso.example                 | Member   | 0        | false  | true         | null            | UNLICENSED
      service token before pattern     | true    | noreply@contoso.example   | noreply@contoso.example                 | Member   | 1        | false  | false        | ^noreply@       | SERVICE_ACCOUNT
      custom pattern                   | true    | scanner@contoso.example   | scanner@contoso.example                 | Member   | 1        | false  | false        | ^scanner@       | CUSTOM_PATTERN
      custom pattern, case-insensitive | true    | Scanner@Contoso.example   | scanner@contoso.example                 | Member   | 1        | false  | false        | ^SCANNER@       | CUSTOM_PATTERN
      custom pattern on upn            | true    | ada@contoso.example       | ada@legacy.example                      | Member   | 1        | false  | false        | @legacy\\.      | CUSTOM_PATTERN
      custom pattern, no match         | true    | ada@contoso.example       | ada@contoso.example                     | Member   | 1        | false  | false        | ^scanner@       | ELIGIBLE
      """)
  void filterReasonsInOrder(
      String label, Boolean enabled, String mail, String upn, String userType, Integer licenses,
      boolean includeGuests, boolean licensedOnly, String pattern, String expected) {
    DirectoryUser user = DirectoryUser.builder(ID)
        .mail(mail).userPrincipalName(upn).userType(userType).accountEnabled(enabled)
        .assignedLicenseCount(licenses).displayName("Noreply Bot System").build();
    UserFilterConfig config =
        new UserFilterConfig(includeGuests, licensedOnly, pattern == null ? List.of() : List.of(pattern));

    FilterDecision decision = UserFilter.evaluate(user, config);

    if (expected.equals("ELIGIBLE")) {
      assertThat(decision).isInstanceOf(FilterDecision.Eligible.class);
      assertThat(((FilterDecision.Eligible) decision).primaryEmail()).isEqualTo(user.primaryEmail().orElseThrow());
    } else {
      assertThat(decision).isInstanceOf(FilterDecision.Excluded.class);
      assertThat(((FilterDecision.Excluded) decision).reason()).isEqualTo(SkipReason.valueOf(expected));
      assertThat(((FilterDecision.Excluded) decision).detail()).isNotBlank();
    }
  }

  @Test
  void customPatternsSearchProxyAddressesAndNameThePattern() {
    DirectoryUser user = member("ada@contoso.example")
        .proxyAddresses(List.of("SMTP:ada@contoso.example", "smtp:ada@old-brand.example", "x500:/o=Org"))
        .build();

    FilterDecision decision = UserFilter.evaluate(user, new UserFilterConfig(false, false, List.of("^x500", "old-brand")));

    assertThat(decision).isEqualTo(new FilterDecision.Excluded(
        SkipReason.CUSTOM_PATTERN, "Exclude pattern 'old-brand' matches ada@old-brand.example."));
  }

  @Test
  void primaryEmailIsMailElseUpnNormalized() {
    assertThat(evaluate(member(null).mail(" Ada@Contoso.Example ").userPrincipalName("a@x.example").build()))
        .isEqualTo(new FilterDecision.Eligible("ada@contoso.example"));
    assertThat(evaluate(member(null).mail(null).userPrincipalName("Scanner@Contoso.example").build()))
        .isEqualTo(new FilterDecision.Eligible("scanner@contoso.example"));
  }
}
