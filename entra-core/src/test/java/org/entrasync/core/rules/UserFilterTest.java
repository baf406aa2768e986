package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
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

  /**
   * A stored pattern of a catastrophic shape (saved before the shapes were refused, or one the shape
   * check does not know) meets a long local part: matching stops at the per-user budget and the
   * user is skipped naming the pattern, instead of pinning the worker for seconds per user.
   */
  @Test
  void aCatastrophicPatternStopsAtTheBudgetAndSkipsTheUserNamingThePattern() {
    String identity = "a".repeat(28) + "@contoso.example";
    DirectoryUser user = member(identity).build();
    List<Pattern> stored = List.of(Pattern.compile("(.*a){12}@x", Pattern.CASE_INSENSITIVE));

    FilterDecision decision = UserFilter.evaluate(user, UserFilterConfig.DEFAULT, stored);

    assertThat(decision).isInstanceOf(FilterDecision.Excluded.class);
    FilterDecision.Excluded excluded = (FilterDecision.Excluded) decision;
    assertThat(excluded.reason()).isEqualTo(SkipReason.PATTERN_BUDGET_EXCEEDED);
    assertThat(excluded.detail()).contains("'(.*a){12}@x'").contains(identity);
  }

  /**
   * Each row: patterns, the identity, the budget in character reads, and the verdict. The budget is
   * counted in reads, not read from a clock, so the verdict is the same on every run and machine.
   */
  @ParameterizedTest(name = "[{index}] {0} on {1} with {2} reads: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      ^scan                | scanner@contoso.example          | 1000    | CUSTOM_PATTERN
      ^scan                | ada@contoso.example              | 1000    | ELIGIBLE
      @noreply\\.        | ada@contoso.example              | 1000    | ELIGIBLE
      (.*a){10}@y          | aaaaaaaaaaaaaaaaaaaaaaaa@x.example | 100000 | PATTERN_BUDGET_EXCEEDED
      (.*a){10}@y          | aaaa@x.example                   | 100000  | ELIGIBLE
      .*a.*a.*a.*a.*a@y    | aaaaaaaaaaaaaaaaaaaaaaaa@x.example | 100000 | PATTERN_BUDGET_EXCEEDED
      ^scan                | scanner@contoso.example          | 3       | PATTERN_BUDGET_EXCEEDED
      """)
  void matchingRunsUnderAPerUserBudgetOfCharacterReads(String pattern, String identity, long reads, String expected) {
    DirectoryUser user = member(identity).build();

    FilterDecision decision = UserFilter.evaluate(user, UserFilterConfig.DEFAULT,
        List.of(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE)), new MatchBudget(reads));

    if (expected.equals("ELIGIBLE")) {
      assertThat(decision).isInstanceOf(FilterDecision.Eligible.class);
    } else {
      assertThat(decision).isInstanceOf(FilterDecision.Excluded.class);
      assertThat(((FilterDecision.Excluded) decision).reason()).isEqualTo(SkipReason.valueOf(expected));
      assertThat(((FilterDecision.Excluded) decision).detail()).contains("'" + pattern + "'");
    }
  }

  @Test
  void theBudgetIsPerUserAndSharedByAllItsPatternsAndIdentities() {
    // Each pattern alone fits; the user's identities times the patterns do not.
    DirectoryUser user = member("ada@contoso.example")
        .proxyAddresses(List.of("smtp:ada1@contoso.example", "smtp:ada2@contoso.example", "smtp:ada3@contoso.example"))
        .build();
    List<Pattern> patterns = List.of(Pattern.compile("q$"), Pattern.compile("z$"), Pattern.compile("w$"));
    // About 80 reads per pattern: one char per start position of each of the four ~20-character identities.
    MatchBudget twoPatternsWorth = new MatchBudget(160);

    assertThat(UserFilter.evaluate(user, UserFilterConfig.DEFAULT, patterns.subList(0, 1), twoPatternsWorth))
        .isInstanceOf(FilterDecision.Eligible.class);
    assertThat(UserFilter.evaluate(user, UserFilterConfig.DEFAULT, patterns, twoPatternsWorth))
        .isInstanceOf(FilterDecision.Excluded.class);
    assertThat(UserFilter.evaluate(user, UserFilterConfig.DEFAULT, patterns, MatchBudget.DEFAULT))
        .isInstanceOf(FilterDecision.Eligible.class);
  }

  @Test
  void aBudgetMustAllowSomeWork() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MatchBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void primaryEmailIsMailElseUpnNormalized() {
    assertThat(evaluate(member(null).mail(" Ada@Contoso.Example ").userPrincipalName("a@x.example").build()))
        .isEqualTo(new FilterDecision.Eligible("ada@contoso.example"));
    assertThat(evaluate(member(null).mail(null).userPrincipalName("Scanner@Contoso.example").build()))
        .isEqualTo(new FilterDecision.Eligible("scanner@contoso.example"));
  }
}
