package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.rules.TenantMatch.AutoMatched;
import org.entrasync.core.rules.TenantMatch.Candidate;
import org.entrasync.core.rules.TenantMatch.NeedsReview;
import org.entrasync.core.rules.TenantMatch.Unmatched;
import org.entrasync.spi.HostClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TenantMatcherTest {

  private static HostClient website(String id, String name, String... websites) {
    return new HostClient(id, name, List.of(websites), null, List.of());
  }

  private static HostClient billing(String id, String name, String billingEmail) {
    return new HostClient(id, name, List.of(), billingEmail, List.of());
  }

  private static HostClient inbound(String id, String name, String... domains) {
    return new HostClient(id, name, List.of(), null, List.of(domains));
  }

  private static HostClient named(String id, String name) {
    return new HostClient(id, name, List.of(), null, List.of());
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(nullValues = "EMPTY", value = {
    "contoso.example, contoso.example",
    "Contoso.Example, contoso.example",
    "'  contoso.example  ', contoso.example",
    "https://www.contoso.example, contoso.example",
    "http://contoso.example/, contoso.example",
    "HTTPS://WWW.Contoso.Example/about/us?x=1#top, contoso.example",
    "https://contoso.example:8443/login, contoso.example",
    "contoso.example:443, contoso.example",
    "www.contoso.example, contoso.example",
    "contoso.example., contoso.example",
    "https://www.contoso.example./, contoso.example",
    "billing@x.com, x.com",
    "Billing@Sub.X.com, sub.x.com",
    "mailto:ap@contoso.example, contoso.example",
    "portal.contoso.example, portal.contoso.example",
    "contoso.co.uk, contoso.co.uk",
    "contoso, EMPTY",
    "https://localhost:8080/, EMPTY",
    "'', EMPTY",
    "'   ', EMPTY",
    "EMPTY, EMPTY",
    "billing@, EMPTY",
    "not a domain.example, EMPTY",
    ".example, EMPTY",
    "contoso..example, EMPTY",
  })
  void normalizesDomains(String input, String expected) {
    assertThat(TenantMatcher.normalizeDomain(input)).isEqualTo(java.util.Optional.ofNullable(expected));
  }

  @Test
  void singleExactPrimaryDomainAutoMatches() {
    List<HostClient> clients = List.of(
        website("client-contoso", "Contoso", "https://www.contoso.example"),
        billing("client-other", "Contoso Holdings", "ap@contoso.example"),
        named("client-contoso-2", "Contoso Ltd"));

    assertThat(TenantMatcher.match("Contoso Ltd", "contoso.example", clients))
        .isEqualTo(new AutoMatched("client-contoso", MatchReason.EXACT_DOMAIN, 1.0));
  }

  @Test
  void aSubdomainIsNotAnExactMatch() {
    assertThat(TenantMatcher.match("Zzz", "contoso.example", List.of(website("c1", "Aaa", "https://portal.contoso.example"))))
        .isEqualTo(new Unmatched());
  }

  @Test
  void severalExactPrimaryDomainsNeedReview() {
    List<HostClient> clients = List.of(
        website("client-b", "Beta", "contoso.example"),
        website("client-a", "Alpha", "https://www.contoso.example/"),
        website("client-c", "Gamma", "fabrikam.example"));

    assertThat(TenantMatcher.match("Contoso", "contoso.example", clients))
        .isEqualTo(new NeedsReview(List.of(
            new Candidate("client-a", MatchReason.EXACT_DOMAIN, 1.0),
            new Candidate("client-b", MatchReason.EXACT_DOMAIN, 1.0))));
  }

  @ParameterizedTest(name = "secondary via {0}")
  @MethodSource("secondaryClients")
  void secondaryDomainIsACandidateNeverAnAutoMatch(String how, HostClient client) {
    assertThat(TenantMatcher.match("Zzyzx", "nwtrading.example", List.of(client)))
        .isEqualTo(new NeedsReview(List.of(new Candidate(client.id(), MatchReason.SECONDARY_DOMAIN, 0.88))));
  }

  static Stream<Arguments> secondaryClients() {
    return Stream.of(
        Arguments.of("billing email", billing("client-nw", "Aaaa", "billing@nwtrading.example")),
        Arguments.of("billing email, upper case", billing("client-nw", "Aaaa", " Billing@NWTrading.Example ")),
        Arguments.of("inbound domain", inbound("client-nw", "Aaaa", "nwtrading.example")),
        Arguments.of("inbound domain as address", inbound("client-nw", "Aaaa", "support@nwtrading.example")));
  }

  @Test
  void aClientAppearsOnceWithItsBestScore() {
    // Secondary domain 0.88 beats its fuzzy score; an exact name beats the other's secondary domain.
    HostClient both = new HostClient("client-1", "Northwind Trading Co", List.of(), "ap@northwindtraders.example", List.of());
    HostClient fuzzyBest = new HostClient("client-2", "Northwind Traders Ltd", List.of(), null, List.of("northwindtraders.example"));

    TenantMatch match = TenantMatcher.match("Northwind Traders", "northwindtraders.example", List.of(both, fuzzyBest));

    assertThat(match).isEqualTo(new NeedsReview(List.of(
        new Candidate("client-2", MatchReason.FUZZY_NAME, 1.0),
        new Candidate("client-1", MatchReason.SECONDARY_DOMAIN, 0.88))));
  }

  @Test
  void aClientListedTwiceAppearsOnce() {
    HostClient c = named("client-1", "Northwind Trading Co");
    assertThat(TenantMatcher.match("Northwind Traders", null, List.of(c, c)))
        .isEqualTo(new NeedsReview(List.of(new Candidate("client-1", MatchReason.FUZZY_NAME, 0.8))));
  }

  @ParameterizedTest(name = "dice(''{0}'', ''{1}'') = {2}")
  @CsvSource({
    "Northwind Traders, Northwind Trading Co, 0.8",
    "Tailspin Toys, Tailspin, 0.7777777777777778",
    "Contoso Ltd, contoso, 1.0",
    "The Contoso Company, CONTOSO LLC., 1.0",
    "Fabrikam Dental, Contoso, 0.10526315789473684",
    "abcd, abce, 0.6666666666666666",
    "Ltd, Inc, 0.0",
    "A, a, 1.0",
    "A, B, 0.0",
    "aa, aaa, 0.6666666666666666",
  })
  void diceOverNormalizedNames(String a, String b, double expected) {
    assertThat(TenantMatcher.dice(a, b)).isCloseTo(expected, within(1e-12));
    assertThat(TenantMatcher.dice(b, a)).isCloseTo(expected, within(1e-12));
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource({
    "Northwind Trading Co, northwind trading",
    "'The Contoso, Ltd.', contoso",
    "Müller GmbH & Co. KG, müller kg",
    "Smith-Jones Pty Limited, smith jones",
  })
  void normalizesNames(String name, String expected) {
    assertThat(TenantMatcher.normalizeName(name)).isEqualTo(expected);
  }

  /** Names built so the coefficient is exact: 50 + 50 bigrams, {shared} of them shared. */
  @ParameterizedTest(name = "{0} shared bigrams of 100 -> candidate: {1}")
  @CsvSource({"30, true", "29, true", "28, false"})
  void fuzzyThresholdIsInclusiveAt058(int shared, boolean candidate) {
    String tenantName = "a".repeat(51);                                  // 50 x "aa"
    String clientName = "a".repeat(shared + 1) + "b".repeat(50 - shared); // shared x "aa", "ab", rest "bb"
    double score = TenantMatcher.dice(tenantName, clientName);
    assertThat(score).isEqualTo(shared / 50.0);

    TenantMatch match = TenantMatcher.match(tenantName, null, List.of(named("client-x", clientName)));

    if (candidate) {
      assertThat(match).isEqualTo(new NeedsReview(List.of(new Candidate("client-x", MatchReason.FUZZY_NAME, score))));
    } else {
      assertThat(match).isEqualTo(new Unmatched());
    }
  }

  @Test
  void thresholdIsExactlyTheDocumentedConstant() {
    assertThat(TenantMatcher.FUZZY_THRESHOLD).isEqualTo(0.58);
    assertThat(TenantMatcher.SECONDARY_DOMAIN_SCORE).isEqualTo(0.88);
    assertThat(TenantMatcher.MAX_FUZZY_CANDIDATES).isEqualTo(5);
  }

  @Test
  void atMostFiveFuzzyCandidatesBestFirstThenByClientId() {
    List<HostClient> clients = List.of(
        named("a-fabrikam", "Fabrikam"),                 // 0.0
        named("a-plain", "Northwind"),                   // 0.696, 8th
        named("a-northwinds", "Northwinds Trading"),     // 0.710, 7th
        named("c-trading", "Northwind Trading"),         // 0.8, 6th: loses the tie on client id
        named("b-trading-co", "Northwind Trading Co"),   // 0.8, 5th
        named("q-tradrs", "Northwind Tradrs"),           // 0.897
        named("a-trade", "Northwind Trade"),             // 0.929
        named("z-one", "Northwind Traders 1"),           // 0.968
        named("m-ltd", "Northwind Traders Ltd"));        // 1.0

    TenantMatch match = TenantMatcher.match("Northwind Traders", null, clients);

    assertThat(match).isInstanceOf(NeedsReview.class);
    List<Candidate> candidates = ((NeedsReview) match).candidates();
    assertThat(candidates).allMatch(c -> c.reason() == MatchReason.FUZZY_NAME);
    assertThat(candidates).extracting(Candidate::clientId)
        .containsExactly("m-ltd", "z-one", "a-trade", "q-tradrs", "b-trading-co");
    assertThat(candidates).extracting(Candidate::score).allMatch(score -> score >= 0.8);
  }

  @Test
  void domainCandidatesAreKeptBesideFiveFuzzyOnes() {
    List<HostClient> clients = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      clients.add(named("fuzzy-" + i, "Northwind Traders " + i));
    }
    clients.add(billing("by-billing", "Something Else", "billing@northwindtraders.example"));

    NeedsReview review = (NeedsReview) TenantMatcher.match("Northwind Traders", "northwindtraders.example", clients);

    assertThat(review.candidates()).filteredOn(c -> c.reason() == MatchReason.FUZZY_NAME).hasSize(5);
    assertThat(review.candidates()).contains(new Candidate("by-billing", MatchReason.SECONDARY_DOMAIN, 0.88));
  }

  @Test
  void aPerfectFuzzyNameIsStillNeverAutoMatched() {
    assertThat(TenantMatcher.match("Contoso", "contoso.example", List.of(named("client-contoso", "Contoso"))))
        .isEqualTo(new NeedsReview(List.of(new Candidate("client-contoso", MatchReason.FUZZY_NAME, 1.0))));
  }

  @Test
  void exactDomainAutoMatchesEvenWhenAnotherClientHasTheSameName() {
    List<HostClient> clients = List.of(named("a-namesake", "Contoso"), website("z-domain", "Unrelated", "contoso.example"));
    assertThat(TenantMatcher.match("Contoso", "contoso.example", clients))
        .isEqualTo(new AutoMatched("z-domain", MatchReason.EXACT_DOMAIN, 1.0));
  }

  @Test
  void nothingPlausibleIsUnmatched() {
    assertThat(TenantMatcher.match("Fabrikam Dental", "fabrikamdental.example", List.of(
            website("client-contoso", "Contoso", "https://www.contoso.example"),
            billing("client-northwind", "Northwind Trading Co", "billing@nwtrading.example"),
            named("client-tailspin", "Tailspin"))))
        .isEqualTo(new Unmatched());
    assertThat(TenantMatcher.match(null, null, List.of(named("c", "Contoso")))).isEqualTo(new Unmatched());
    assertThat(TenantMatcher.match("Contoso", "contoso.example", List.of())).isEqualTo(new Unmatched());
  }

  @Test
  void demoMspTenantsMatchAsDocumented() {
    List<HostClient> clients = List.of(
        website("client-contoso", "Contoso", "https://www.contoso.example"),
        billing("client-northwind", "Northwind Trading Co", "billing@nwtrading.example"),
        named("client-tailspin", "Tailspin"));

    assertThat(TenantMatcher.match("Contoso Ltd", "contoso.example", clients))
        .isEqualTo(new AutoMatched("client-contoso", MatchReason.EXACT_DOMAIN, 1.0));
    assertThat(TenantMatcher.match("Northwind Traders", "northwindtraders.example", clients))
        .isEqualTo(new NeedsReview(List.of(new Candidate("client-northwind", MatchReason.FUZZY_NAME, 0.8))));
    assertThat(TenantMatcher.match("Fabrikam Dental", "fabrikamdental.example", clients)).isEqualTo(new Unmatched());
    assertThat(TenantMatcher.match("Tailspin Toys", "tailspintoys.example", clients))
        .isEqualTo(new NeedsReview(List.of(new Candidate("client-tailspin", MatchReason.FUZZY_NAME, 14.0 / 18.0))));
  }

  @ParameterizedTest
  @EnumSource(MatchReason.class)
  void matchReasonsHaveSnakeCaseWireNames(MatchReason reason) {
    assertThat(WireNamed.fromWire(MatchReason.class, reason.wireName())).isEqualTo(reason);
    assertThat(reason.wireName()).isIn("exact_domain", "secondary_domain", "fuzzy_name");
  }
}
