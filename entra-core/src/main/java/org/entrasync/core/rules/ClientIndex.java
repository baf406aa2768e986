package org.entrasync.core.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.spi.HostClient;

/**
 * The host's clients indexed once for {@link TenantMatcher}: {@link #match(String, String)} returns
 * exactly what {@code TenantMatcher.match(name, domain, clients)} returns (same candidates, scores,
 * reasons, order and auto-match), without scoring every client, so a preview of T tenants costs
 * about T lookups instead of T x C comparisons.
 *
 * <ul>
 *   <li>Domains: hash maps from a normalized domain to the clients having it as a primary or a
 *       secondary domain.
 *   <li>Names: an inverted index from each bigram of a {@linkplain TenantMatcher#compactName
 *       compacted} client name to the names containing it, with how often. Walking the postings of
 *       a tenant name's bigrams counts, per client name, the bigrams both share exactly as {@link
 *       TenantMatcher#dice} counts them (the smaller of the two counts of each bigram). Only names
 *       whose shared count could reach {@link TenantMatcher#FUZZY_THRESHOLD} are then scored with
 *       {@code dice}, which decides.
 * </ul>
 *
 * <p>Why the name filter is complete: two names of at least two characters have a Dice coefficient
 * of {@code 2 s / (m + n)} (m, n their bigram counts, s the shared count), so a name sharing no
 * bigram scores 0 and is never a candidate, and for every other name s is counted exactly; the
 * filter keeps every name with {@code 2 s >= (threshold - 0.01) (m + n)}, a margin far above any
 * floating-point rounding. A name of one character only scores with an equal name, found by
 * exact lookup.
 *
 * <p>Immutable once built; {@link #match} may be called from several threads.
 */
public final class ClientIndex {

  /** Kept below the threshold so rounding can never drop a name that {@code dice} would accept. */
  private static final double FILTER_MARGIN = 0.01;

  private final Map<String, List<String>> byPrimaryDomain;
  private final Map<String, List<String>> bySecondaryDomain;
  /** Distinct compacted client names, and the ids of the clients having each. */
  private final String[] names;
  private final List<List<String>> clientIdsByName;
  private final Map<String, Integer> nameNumber;
  /** Per name: how many bigrams it has (its length - 1). */
  private final int[] bigramCounts;
  /** Per {@linkplain #key bigram}: (name number, occurrences in that name) pairs, flattened. */
  private final Map<Integer, int[]> postings;

  private ClientIndex(List<HostClient> clients) {
    Map<String, Set<String>> primary = new HashMap<>();
    Map<String, Set<String>> secondary = new HashMap<>();
    Map<String, Set<String>> idsByName = new TreeMap<>();
    for (HostClient client : clients) {
      for (String domain : TenantMatcher.primaryDomains(client)) {
        primary.computeIfAbsent(domain, d -> new TreeSet<>()).add(client.id());
      }
      for (String domain : TenantMatcher.secondaryDomains(client)) {
        secondary.computeIfAbsent(domain, d -> new TreeSet<>()).add(client.id());
      }
      String name = TenantMatcher.compactName(client.name());
      if (!name.isEmpty()) {
        idsByName.computeIfAbsent(name, n -> new TreeSet<>()).add(client.id());
      }
    }
    byPrimaryDomain = frozen(primary);
    bySecondaryDomain = frozen(secondary);

    names = idsByName.keySet().toArray(String[]::new);
    clientIdsByName = new ArrayList<>(names.length);
    nameNumber = new HashMap<>();
    bigramCounts = new int[names.length];
    Map<Integer, List<int[]>> building = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      clientIdsByName.add(List.copyOf(idsByName.get(names[i])));
      nameNumber.put(names[i], i);
      int[] bigrams = sortedBigrams(names[i]);
      bigramCounts[i] = bigrams.length;
      for (int start = 0; start < bigrams.length; ) {
        int end = runEnd(bigrams, start);
        building.computeIfAbsent(key(bigrams[start]), b -> new ArrayList<>()).add(new int[] {i, end - start});
        start = end;
      }
    }
    postings = new HashMap<>();
    building.forEach((bigram, list) -> {
      int[] flat = new int[list.size() * 2];
      for (int k = 0; k < list.size(); k++) {
        flat[2 * k] = list.get(k)[0];
        flat[2 * k + 1] = list.get(k)[1];
      }
      postings.put(bigram, flat);
    });
  }

  /** Indexes the host's clients (in any order; a client listed twice counts once per id). */
  public static ClientIndex of(List<HostClient> clients) {
    return new ClientIndex(Objects.requireNonNull(clients, "clients"));
  }

  /** As {@link TenantMatcher#match(ManagedTenant, List)} over the indexed clients. */
  public TenantMatch match(ManagedTenant tenant) {
    return match(tenant.displayName(), tenant.primaryDomain());
  }

  /** As {@link TenantMatcher#match(String, String, List)} over the indexed clients. */
  public TenantMatch match(String tenantDisplayName, String tenantPrimaryDomain) {
    Map<String, TenantMatch.Candidate> best = new HashMap<>();
    Set<String> domainEvidence = new HashSet<>();
    Optional<String> tenantDomain = TenantMatcher.normalizeDomain(tenantPrimaryDomain);
    if (tenantDomain.isPresent()) {
      List<String> exact = byPrimaryDomain.getOrDefault(tenantDomain.get(), List.of());
      if (exact.size() == 1) {
        return new TenantMatch.AutoMatched(exact.get(0), MatchReason.EXACT_DOMAIN, TenantMatcher.EXACT_DOMAIN_SCORE);
      }
      for (String id : exact) {
        best.put(id, new TenantMatch.Candidate(id, MatchReason.EXACT_DOMAIN, TenantMatcher.EXACT_DOMAIN_SCORE));
        domainEvidence.add(id);
      }
      for (String id : bySecondaryDomain.getOrDefault(tenantDomain.get(), List.of())) {
        // An exact domain of the same client (1.0) beats its secondary one.
        best.putIfAbsent(id, new TenantMatch.Candidate(id, MatchReason.SECONDARY_DOMAIN, TenantMatcher.SECONDARY_DOMAIN_SCORE));
        domainEvidence.add(id);
      }
    }
    String name = TenantMatcher.compactName(tenantDisplayName);
    for (int candidate : plausibleNames(name)) {
      double score = TenantMatcher.compactDice(name, names[candidate]);
      if (score >= TenantMatcher.FUZZY_THRESHOLD) {
        for (String id : clientIdsByName.get(candidate)) {
          // On a tie the domain reason, recorded first, stays.
          best.merge(id, new TenantMatch.Candidate(id, MatchReason.FUZZY_NAME, score), TenantMatcher::better);
        }
      }
    }
    return TenantMatcher.propose(best, domainEvidence);
  }

  /** The numbers of the client names that may reach the threshold against {@code name}; a superset. */
  private int[] plausibleNames(String name) {
    if (name.length() < 2) {
      // A one-character name scores only against the same name (Dice 1.0), and an empty one never.
      Integer same = name.isEmpty() ? null : nameNumber.get(name);
      return same == null ? new int[0] : new int[] {same};
    }
    int[] shared = new int[names.length];
    int[] touched = new int[names.length];
    int touchedCount = 0;
    int[] bigrams = sortedBigrams(name);
    for (int start = 0; start < bigrams.length; ) {
      int end = runEnd(bigrams, start);
      int[] posting = postings.get(key(bigrams[start]));
      if (posting != null) {
        int occurrences = end - start;
        for (int k = 0; k < posting.length; k += 2) {
          int other = posting[k];
          if (shared[other] == 0) {
            touched[touchedCount++] = other;
          }
          shared[other] += Math.min(occurrences, posting[k + 1]);
        }
      }
      start = end;
    }
    int ownBigrams = name.length() - 1;
    double bar = TenantMatcher.FUZZY_THRESHOLD - FILTER_MARGIN;
    int kept = 0;
    for (int t = 0; t < touchedCount; t++) {
      int other = touched[t];
      if (2.0 * shared[other] >= bar * (ownBigrams + bigramCounts[other])) {
        touched[kept++] = other;
      }
    }
    return Arrays.copyOf(touched, kept);
  }

  /** The bigrams of a name (pairs of adjacent chars, as {@code dice} takes them) as ints, sorted. */
  private static int[] sortedBigrams(String name) {
    int[] bigrams = new int[Math.max(0, name.length() - 1)];
    for (int i = 0; i < bigrams.length; i++) {
      bigrams[i] = (name.charAt(i) << 16) | name.charAt(i + 1);
    }
    Arrays.sort(bigrams);
    return bigrams;
  }

  /**
   * A bigram as a hash key: multiplied by an odd constant (a bijection on int), because an
   * Integer's own hash of two packed chars puts the bigrams of most names in a few buckets.
   */
  private static Integer key(int bigram) {
    return bigram * 0x9E3779B9;
  }

  /** The end of the run of equal values starting at {@code start}. */
  private static int runEnd(int[] sorted, int start) {
    int end = start + 1;
    while (end < sorted.length && sorted[end] == sorted[start]) {
      end++;
    }
    return end;
  }

  private static Map<String, List<String>> frozen(Map<String, Set<String>> byDomain) {
    Map<String, List<String>> out = new HashMap<>();
    byDomain.forEach((domain, ids) -> out.put(domain, List.copyOf(ids)));
    return out;
  }
}
