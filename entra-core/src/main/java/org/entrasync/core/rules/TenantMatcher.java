package org.entrasync.core.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.spi.HostClient;

/**
 * Proposes the host client of a managed tenant.
 *
 * <ul>
 *   <li>The tenant's primary domain equal to a client's website domain (its primary domains) is an
 *       exact match, score 1.0. Exactly one such client: {@link TenantMatch.AutoMatched}. Several:
 *       every one is a candidate for review.
 *   <li>The tenant's primary domain equal to the domain of a client's billing email or one of its
 *       inbound email domains is a secondary match, score {@value #SECONDARY_DOMAIN_SCORE}.
 *   <li>Name similarity (bigram Dice coefficient of the normalized names, see {@link #dice}) at or
 *       above {@value #FUZZY_THRESHOLD} is a fuzzy match; at most {@value #MAX_FUZZY_CANDIDATES}
 *       fuzzy candidates are kept.
 * </ul>
 *
 * Secondary and fuzzy matches are only ever candidates for review, never auto-matched. A client
 * appears once, with its best score (on a tie, the domain reason). Clients with domain evidence
 * (exact or secondary) are always listed; the cap applies to clients proposed on their name alone.
 * Candidates are sorted by score (highest first), then client id.
 */
public final class TenantMatcher {

  /** Minimum Dice coefficient (inclusive) for a fuzzy name candidate. */
  public static final double FUZZY_THRESHOLD = 0.58;
  /** Score of a billing-email or inbound-email domain match. */
  public static final double SECONDARY_DOMAIN_SCORE = 0.88;
  /** Score of an exact primary domain match. */
  public static final double EXACT_DOMAIN_SCORE = 1.0;
  /** At most this many fuzzy name candidates are proposed. */
  public static final int MAX_FUZZY_CANDIDATES = 5;

  /** Words that say what kind of company it is rather than which one: ignored when comparing names. */
  public static final Set<String> LEGAL_SUFFIX_WORDS =
      Set.of("ltd", "llc", "inc", "co", "corp", "corporation", "company", "limited", "gmbh", "plc", "pty", "the");

  private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.\\-]*://");
  private static final Pattern DOMAIN_CHARS = Pattern.compile("[\\p{L}\\p{N}\\-.]+");
  private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^\\p{L}\\p{N}]+");

  private static final Comparator<TenantMatch.Candidate> CANDIDATE_ORDER =
      Comparator.comparingDouble(TenantMatch.Candidate::score)
          .reversed()
          .thenComparing(TenantMatch.Candidate::clientId);

  private TenantMatcher() {}

  /** Matches a discovered tenant by its display name and primary domain. */
  public static TenantMatch match(DiscoveredTenant tenant, List<HostClient> clients) {
    return match(tenant.displayName(), tenant.primaryDomain(), clients);
  }

  /** Matches a stored managed tenant by its display name and primary domain. */
  public static TenantMatch match(ManagedTenant tenant, List<HostClient> clients) {
    return match(tenant.displayName(), tenant.primaryDomain(), clients);
  }

  /**
   * Matches one tenant against the host's clients.
   *
   * @param tenantDisplayName the tenant's display name (may be null)
   * @param tenantPrimaryDomain the tenant's primary (default) domain (may be null)
   */
  public static TenantMatch match(String tenantDisplayName, String tenantPrimaryDomain, List<HostClient> clients) {
    Objects.requireNonNull(clients, "clients");
    Optional<String> tenantDomain = normalizeDomain(tenantPrimaryDomain);

    // Each client's best candidate; a client listed twice keeps its best score.
    Map<String, TenantMatch.Candidate> best = new HashMap<>();
    Set<String> exact = new TreeSet<>();
    Set<String> domainEvidence = new HashSet<>();
    if (tenantDomain.isPresent()) {
      String domain = tenantDomain.get();
      for (HostClient client : clients) {
        if (primaryDomains(client).contains(domain)) {
          exact.add(client.id());
          domainEvidence.add(client.id());
          best.merge(client.id(), new TenantMatch.Candidate(client.id(), MatchReason.EXACT_DOMAIN, EXACT_DOMAIN_SCORE),
              TenantMatcher::better);
        } else if (secondaryDomains(client).contains(domain)) {
          domainEvidence.add(client.id());
          best.merge(client.id(),
              new TenantMatch.Candidate(client.id(), MatchReason.SECONDARY_DOMAIN, SECONDARY_DOMAIN_SCORE),
              TenantMatcher::better);
        }
      }
    }
    if (exact.size() == 1) {
      return new TenantMatch.AutoMatched(exact.iterator().next(), MatchReason.EXACT_DOMAIN, EXACT_DOMAIN_SCORE);
    }
    for (HostClient client : clients) {
      double score = dice(tenantDisplayName, client.name());
      if (score >= FUZZY_THRESHOLD) {
        // On a tie the domain reason, recorded first, stays.
        best.merge(client.id(), new TenantMatch.Candidate(client.id(), MatchReason.FUZZY_NAME, score),
            TenantMatcher::better);
      }
    }
    return propose(best, domainEvidence);
  }

  /**
   * Builds the proposal from each client's best candidate: clients with domain evidence are always
   * proposed, name-only clients are capped at {@value #MAX_FUZZY_CANDIDATES}; sorted by score, then
   * client id. Shared with {@link ClientIndex}, which finds the same candidates without a full scan.
   */
  static TenantMatch propose(Map<String, TenantMatch.Candidate> best, Set<String> domainEvidence) {
    List<TenantMatch.Candidate> candidates = new ArrayList<>();
    List<TenantMatch.Candidate> nameOnly = new ArrayList<>();
    for (TenantMatch.Candidate candidate : best.values()) {
      (domainEvidence.contains(candidate.clientId()) ? candidates : nameOnly).add(candidate);
    }
    nameOnly.sort(CANDIDATE_ORDER);
    candidates.addAll(nameOnly.subList(0, Math.min(MAX_FUZZY_CANDIDATES, nameOnly.size())));
    if (candidates.isEmpty()) {
      return new TenantMatch.Unmatched();
    }
    candidates.sort(CANDIDATE_ORDER);
    return new TenantMatch.NeedsReview(candidates);
  }

  /**
   * Normalizes a domain, a URL or an email address to a bare domain: lower case, without scheme,
   * {@code www.}, user info, path, query, fragment, port, trailing dot, or an email's local part.
   * Empty when the value is blank, has no dot, or is not domain-shaped.
   *
   * <p>Examples: {@code https://www.Contoso.example/about} and {@code billing@contoso.example} both
   * give {@code contoso.example}.
   */
  public static Optional<String> normalizeDomain(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String s = value.strip().toLowerCase(Locale.ROOT);
    s = SCHEME.matcher(s).replaceFirst("");
    if (s.startsWith("mailto:")) {
      s = s.substring("mailto:".length());
    }
    s = cutAt(s, '/');
    s = cutAt(s, '?');
    s = cutAt(s, '#');
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(at + 1);
    }
    s = cutAt(s, ':');
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.startsWith("www.")) {
      s = s.substring(4);
    }
    if (s.isEmpty()
        || !s.contains(".")
        || s.startsWith(".")
        || s.contains("..")
        || !DOMAIN_CHARS.matcher(s).matches()) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** The client's primary domains: the normalized domains of its websites, in order, distinct. */
  public static Set<String> primaryDomains(HostClient client) {
    Set<String> domains = new LinkedHashSet<>();
    for (String website : client.websites()) {
      normalizeDomain(website).ifPresent(domains::add);
    }
    return domains;
  }

  /** The client's secondary domains: its billing email's domain, then its inbound email domains. */
  public static Set<String> secondaryDomains(HostClient client) {
    Set<String> domains = new LinkedHashSet<>();
    normalizeDomain(client.billingEmail()).ifPresent(domains::add);
    for (String inbound : client.inboundEmailDomains()) {
      normalizeDomain(inbound).ifPresent(domains::add);
    }
    return domains;
  }

  /**
   * A company name as compared: lower case, every run of non-alphanumerics a single space, legal
   * suffix words ({@link #LEGAL_SUFFIX_WORDS}) dropped. {@code "The Northwind Trading Co."} gives
   * {@code "northwind trading"}.
   */
  public static String normalizeName(String name) {
    if (name == null) {
      return "";
    }
    String lower = NON_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    List<String> kept = new ArrayList<>();
    for (String word : lower.split(" ")) {
      if (!word.isEmpty() && !LEGAL_SUFFIX_WORDS.contains(word)) {
        kept.add(word);
      }
    }
    return String.join(" ", kept);
  }

  /**
   * The bigram Dice coefficient of two company names: {@code 2 * |shared bigrams| / (|bigrams of a|
   * + |bigrams of b|)}, counting repeated bigrams as often as they occur, over the {@linkplain
   * #normalizeName normalized} names with spaces removed. 1.0 for identical non-empty normalized
   * names, 0.0 when either is empty.
   */
  public static double dice(String a, String b) {
    return compactDice(compactName(a), compactName(b));
  }

  /** The {@linkplain #normalizeName normalized} name without spaces: what {@link #dice} compares. */
  static String compactName(String name) {
    return normalizeName(name).replace(" ", "");
  }

  /** {@link #dice} over names already {@linkplain #compactName compacted}. */
  static double compactDice(String x, String y) {
    if (x.isEmpty() || y.isEmpty()) {
      return 0.0;
    }
    if (x.equals(y)) {
      return 1.0;
    }
    if (x.length() < 2 || y.length() < 2) {
      return 0.0;
    }
    Map<String, Integer> bigramsOfX = new HashMap<>();
    for (int i = 0; i + 2 <= x.length(); i++) {
      bigramsOfX.merge(x.substring(i, i + 2), 1, Integer::sum);
    }
    int shared = 0;
    for (int i = 0; i + 2 <= y.length(); i++) {
      String bigram = y.substring(i, i + 2);
      Integer left = bigramsOfX.get(bigram);
      if (left != null && left > 0) {
        shared++;
        bigramsOfX.put(bigram, left - 1);
      }
    }
    return (2.0 * shared) / ((x.length() - 1) + (y.length() - 1));
  }

  static TenantMatch.Candidate better(TenantMatch.Candidate a, TenantMatch.Candidate b) {
    return b.score() > a.score() ? b : a;
  }

  private static String cutAt(String s, char c) {
    int i = s.indexOf(c);
    return i < 0 ? s : s.substring(0, i);
  }
}
