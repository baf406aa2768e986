package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.entrasync.core.rules.TenantMatch.AutoMatched;
import org.entrasync.core.rules.TenantMatch.Candidate;
import org.entrasync.core.rules.TenantMatch.NeedsReview;
import org.entrasync.spi.HostClient;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientIndex} against its definition, {@link TenantMatcher#match(String, String, List)}
 * (all pairs): on generated MSPs the two agree exactly, tenant by tenant.
 */
class ClientIndexTest {

  private static final int SEEDS = 200;

  /**
   * Every tenant of {@value #SEEDS} generated MSPs, matched both ways. The agreement means something
   * only if the data reaches every kind of outcome, so that is checked too.
   */
  @Test
  void agreesWithTheAllPairsMatcherOnGeneratedData() {
    Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
    for (int seed = 0; seed < SEEDS; seed++) {
      Generated msp = Generated.msp(seed);
      ClientIndex index = ClientIndex.of(msp.clients);
      for (String[] tenant : msp.tenants) {
        TenantMatch expected = TenantMatcher.match(tenant[0], tenant[1], msp.clients);

        assertThat(index.match(tenant[0], tenant[1]))
            .as("seed %d, tenant name '%s', domain '%s', %d clients", seed, tenant[0], tenant[1], msp.clients.size())
            .isEqualTo(expected);
        for (Outcome outcome : Outcome.of(tenant[0], expected, msp.clients)) {
          seen.merge(outcome, 1, Integer::sum);
        }
      }
    }
    assertThat(seen.keySet()).as("outcomes reached over %d seeds: %s", SEEDS, seen)
        .containsExactlyInAnyOrder(Outcome.values());
    assertThat(seen).as("outcomes over %d seeds", SEEDS).allSatisfy((outcome, count) -> assertThat(count).isGreaterThan(20));
  }

  @Test
  void findsAFuzzyNameThatSharesNoWholeWord() {
    List<HostClient> clients = List.of(named("c-kontoso", "Kontoso Ltd"), named("c-other", "Fabrikam"));

    assertThat(ClientIndex.of(clients).match("Contoso", null))
        .isEqualTo(new NeedsReview(List.of(new Candidate("c-kontoso", MatchReason.FUZZY_NAME, 10.0 / 12.0))))
        .isEqualTo(TenantMatcher.match("Contoso", null, clients));
  }

  @Test
  void aOneCharacterNameMatchesOnlyTheSameName() {
    List<HostClient> clients = List.of(named("c-a", "A Ltd"), named("c-ab", "Ab"), named("c-b", "B"));

    assertThat(ClientIndex.of(clients).match("a", null))
        .isEqualTo(new NeedsReview(List.of(new Candidate("c-a", MatchReason.FUZZY_NAME, 1.0))));
  }

  @Test
  void anExactDomainOfOneClientAutoMatchesEvenWhenAnotherHasItAsSecondary() {
    List<HostClient> clients = List.of(
        new HostClient("c-site", "Site", List.of("https://www.contoso.example/"), null, List.of()),
        new HostClient("c-billing", "Billing", List.of(), "ap@contoso.example", List.of()));

    assertThat(ClientIndex.of(clients).match("Zzz", "Contoso.Example"))
        .isEqualTo(new AutoMatched("c-site", MatchReason.EXACT_DOMAIN, 1.0));
  }

  private static HostClient named(String id, String name) {
    return new HostClient(id, name, List.of(), null, List.of());
  }

  /** Kinds of result the generated data must produce for the agreement to be a real check. */
  enum Outcome {
    AUTO_MATCHED,
    SEVERAL_EXACT,
    SECONDARY,
    FUZZY_NO_SHARED_WORD,
    FUZZY_JUST_ABOVE_THRESHOLD,
    FUZZY_CAPPED,
    UNMATCHED,
    DUPLICATE_CLIENT_ID;

    static Set<Outcome> of(String tenantName, TenantMatch match, List<HostClient> clients) {
      Set<Outcome> out = EnumSet.noneOf(Outcome.class);
      if (clients.stream().map(HostClient::id).distinct().count() < clients.size()) {
        out.add(DUPLICATE_CLIENT_ID);
      }
      if (match instanceof AutoMatched) {
        out.add(AUTO_MATCHED);
      } else if (match instanceof NeedsReview review) {
        List<Candidate> candidates = review.candidates();
        if (candidates.stream().filter(c -> c.reason() == MatchReason.EXACT_DOMAIN).count() > 1) {
          out.add(SEVERAL_EXACT);
        }
        if (candidates.stream().anyMatch(c -> c.reason() == MatchReason.SECONDARY_DOMAIN)) {
          out.add(SECONDARY);
        }
        if (candidates.stream().filter(c -> c.reason() == MatchReason.FUZZY_NAME).count() >= TenantMatcher.MAX_FUZZY_CANDIDATES
            && clients.stream().filter(c -> TenantMatcher.dice(tenantName, c.name()) >= TenantMatcher.FUZZY_THRESHOLD)
                .map(HostClient::id).distinct().count() > TenantMatcher.MAX_FUZZY_CANDIDATES) {
          out.add(FUZZY_CAPPED);
        }
        if (candidates.stream().anyMatch(c -> c.reason() == MatchReason.FUZZY_NAME && c.score() < 0.6)) {
          out.add(FUZZY_JUST_ABOVE_THRESHOLD);
        }
        Set<String> tenantWords = Set.copyOf(List.of(TenantMatcher.normalizeName(tenantName).split(" ")));
        for (Candidate c : candidates) {
          if (c.reason() == MatchReason.FUZZY_NAME && clients.stream().filter(h -> h.id().equals(c.clientId()))
              .allMatch(h -> Stream.of(TenantMatcher.normalizeName(h.name()).split(" ")).noneMatch(tenantWords::contains))) {
            out.add(FUZZY_NO_SHARED_WORD);
          }
        }
      } else {
        out.add(UNMATCHED);
      }
      return out;
    }
  }

  /**
   * A generated MSP: clients with names from a shared vocabulary (legal suffixes, unicode, empty and
   * null names), domains from a small pool in every written form (so clients share domains), some
   * ids listed twice; and tenants whose names are client names with typos, or other names, and whose
   * domains are from the pool, fresh, malformed or absent.
   */
  record Generated(List<HostClient> clients, List<String[]> tenants) {

    private static final String[] WORDS = {
      "contoso", "northwind", "fabrikam", "tailspin", "adventure", "works", "wide", "world", "importers", "trading",
      "traders", "dental", "health", "müller", "bäckerei", "société", "générale", "δέλτα", "москва", "東京", "株式会社",
      "🚀rocket", "alpine", "ski", "house", "blue", "yonder", "coho", "winery", "litware", "proseware", "wingtip", "toys",
      "lucerne", "publishing", "humongous", "insurance", "trey", "research", "o'brien", "smith-jones", "3m", "a1", "i",
      "İstanbul", "straße", "ǅemal", "north", "wind", "trade"};
    private static final String[] SUFFIXES = {
      "Ltd", "LLC", "Inc.", "Co.", "Corp", "Corporation", "Company", "Limited", "GmbH", "plc", "Pty", "The", "KG", "S.A."};
    private static final String[] ODD_NAMES = {null, "", "   ", "Ltd", "The Company", "A", "a", "&", "Z", "ab"};
    private static final String[] TLDS = {".example", ".co.uk", ".com", ".de", ".xn--p1ai"};
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzéüß";

    static Generated msp(int seed) {
      Random random = new Random(seed);
      List<String> domains = new ArrayList<>();
      int domainCount = 3 + random.nextInt(15);
      for (int i = 0; i < domainCount; i++) {
        domains.add(domain(random));
      }
      int clientCount = random.nextInt(10) == 0 ? random.nextInt(3) : 5 + random.nextInt(60);
      List<HostClient> clients = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) {
        String id = i > 0 && random.nextInt(12) == 0
            ? clients.get(random.nextInt(clients.size())).id() // listed twice, maybe differently
            : "c-" + random.nextInt(1_000);
        clients.add(new HostClient(id, clientName(random), written(random, domains, 3, true),
            random.nextBoolean() ? email(random, domains) : null, written(random, domains, 2, false)));
      }
      if (random.nextInt(4) == 0 && !clients.isEmpty()) {
        // A family of near-namesakes: more name-only candidates than the cap.
        String base = clients.get(0).name();
        for (int i = 0; i < 4 + random.nextInt(6); i++) {
          clients.add(new HostClient("f-" + random.nextInt(1_000), typo(random, base) + " " + i, List.of(), null, List.of()));
        }
      }
      List<String[]> tenants = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        tenants.add(new String[] {tenantName(random, clients), tenantDomain(random, domains)});
      }
      if (random.nextInt(3) == 0) {
        boundaryFamily(random, clients, tenants);
      }
      return new Generated(List.copyOf(clients), tenants);
    }

    /**
     * Scores at the filter's edge: a client named w (and a few more containing w, so its bigrams are
     * common), and tenants named w plus characters no client has, long enough that w's share of the
     * tenant name's bigrams is near the minimum a fuzzy candidate needs (Dice 2n / (m + n) with n / m
     * between 0.40 and 0.45: just below to just above the threshold), the case an index that skips
     * a tenant name's common bigrams gets wrong first.
     */
    private static void boundaryFamily(Random random, List<HostClient> clients, List<String[]> tenants) {
      StringBuilder w = new StringBuilder();
      for (int i = 0, length = 6 + random.nextInt(20); i < length; i++) {
        w.append(LETTERS.charAt(random.nextInt(26)));
      }
      clients.add(new HostClient("w-" + random.nextInt(1_000), w.toString(), List.of(), null, List.of()));
      for (int i = 0; i < 3 + random.nextInt(5); i++) {
        clients.add(new HostClient("w-" + random.nextInt(1_000), w + " " + WORDS[random.nextInt(WORDS.length)], List.of(),
            null, List.of()));
      }
      int n = w.length() - 1;
      for (int i = 0; i < 4; i++) {
        int m = (int) Math.floor(n / (0.40 + 0.05 * random.nextDouble()));
        StringBuilder junk = new StringBuilder();
        for (int j = 0; j < m - n; j++) {
          junk.append((char) (0xA000 + random.nextInt(1_000))); // Yi syllables: letters no generated name has
        }
        tenants.add(new String[] {w + " " + junk, null});
      }
    }

    private static String clientName(Random random) {
      if (random.nextInt(12) == 0) {
        return ODD_NAMES[random.nextInt(ODD_NAMES.length)];
      }
      StringBuilder name = new StringBuilder();
      if (random.nextInt(8) == 0) {
        name.append("The ");
      }
      int words = 1 + random.nextInt(3);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          name.append(new String[] {" ", " ", "-", ", ", " & ", "."}[random.nextInt(6)]);
        }
        name.append(cased(random, WORDS[random.nextInt(WORDS.length)]));
      }
      if (random.nextInt(3) == 0) {
        name.append(' ').append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
      }
      return name.toString();
    }

    private static String tenantName(Random random, List<HostClient> clients) {
      int kind = random.nextInt(10);
      if (kind < 6 && !clients.isEmpty()) {
        String name = clients.get(random.nextInt(clients.size())).name();
        int typos = random.nextInt(4);
        for (int t = 0; t < typos && name != null; t++) {
          name = typo(random, name);
        }
        return name;
      }
      if (kind == 6) {
        return ODD_NAMES[random.nextInt(ODD_NAMES.length)];
      }
      return clientName(random);
    }

    /** One edit: substitute, delete, insert or swap a character, or add or drop a suffix or word. */
    private static String typo(Random random, String name) {
      if (name == null || name.isEmpty()) {
        return name;
      }
      int at = random.nextInt(name.length());
      char letter = LETTERS.charAt(random.nextInt(LETTERS.length()));
      return switch (random.nextInt(7)) {
        case 0 -> name.substring(0, at) + letter + name.substring(at + 1);
        case 1 -> name.substring(0, at) + name.substring(at + 1);
        case 2 -> name.substring(0, at) + letter + name.substring(at);
        case 3 -> at + 1 < name.length()
            ? name.substring(0, at) + name.charAt(at + 1) + name.charAt(at) + name.substring(at + 2)
            : name;
        case 4 -> name + " " + SUFFIXES[random.nextInt(SUFFIXES.length)];
        case 5 -> name + " " + WORDS[random.nextInt(WORDS.length)];
        default -> name.toUpperCase(Locale.ROOT);
      };
    }

    private static String cased(Random random, String word) {
      return switch (random.nextInt(4)) {
        case 0 -> word.toUpperCase(Locale.ROOT);
        case 1 -> word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
        default -> word;
      };
    }

    private static String domain(Random random) {
      String label = WORDS[random.nextInt(WORDS.length)].replaceAll("[^\\p{L}\\p{N}]", "");
      if (random.nextInt(5) == 0) {
        label = "portal." + label;
      }
      return label + TLDS[random.nextInt(TLDS.length)];
    }

    /** Up to {@code max} domains of the pool, each written as a site URL, a bare domain, or worse. */
    private static List<String> written(Random random, List<String> domains, int max, boolean website) {
      List<String> out = new ArrayList<>();
      int n = random.nextInt(max + 1);
      for (int i = 0; i < n; i++) {
        String d = domains.get(random.nextInt(domains.size()));
        out.add(switch (random.nextInt(website ? 8 : 4)) {
          case 0 -> d.toUpperCase(Locale.ROOT);
          case 1 -> "support@" + d;
          case 2 -> "not a domain";
          case 3 -> d + ".";
          case 4 -> "https://www." + d + "/about?x=1";
          case 5 -> "http://" + d + ":8443/";
          case 6 -> "www." + d;
          default -> d;
        });
      }
      return out;
    }

    private static String email(Random random, List<String> domains) {
      String d = domains.get(random.nextInt(domains.size()));
      return switch (random.nextInt(5)) {
        case 0 -> "mailto:AP@" + d.toUpperCase(Locale.ROOT);
        case 1 -> "billing@";
        default -> "billing@" + d;
      };
    }

    private static String tenantDomain(Random random, List<String> domains) {
      return switch (random.nextInt(10)) {
        case 0 -> null;
        case 1 -> "";
        case 2 -> "localhost";
        case 3, 4 -> domain(random);
        case 5 -> domains.get(random.nextInt(domains.size())).toUpperCase(Locale.ROOT);
        default -> domains.get(random.nextInt(domains.size()));
      };
    }
  }
}
