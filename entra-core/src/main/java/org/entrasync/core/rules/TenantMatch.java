package org.entrasync.core.rules;

import java.util.List;
import java.util.Objects;

/** What {@link TenantMatcher} proposes for one managed tenant. */
public sealed interface TenantMatch {

  /**
   * Exactly one client has the tenant's primary domain as one of its websites: confirmed by
   * accepting auto-matches.
   */
  record AutoMatched(String clientId, MatchReason reason, double score) implements TenantMatch {
    public AutoMatched {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(reason, "reason");
      if (reason != MatchReason.EXACT_DOMAIN) {
        throw new IllegalArgumentException("Only an exact primary domain auto-matches; got " + reason.wireName());
      }
      Candidate.requireScore(score);
    }
  }

  /**
   * Plausible clients for an operator to choose from; never confirmed without one.
   *
   * @param candidates one per client, best score first, then by client id
   */
  record NeedsReview(List<Candidate> candidates) implements TenantMatch {
    public NeedsReview {
      candidates = List.copyOf(candidates);
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("A tenant needing review has at least one candidate");
      }
    }
  }

  /** No client is plausible. */
  record Unmatched() implements TenantMatch {}

  /** One client proposed for review, with its best reason and score. */
  record Candidate(String clientId, MatchReason reason, double score) {
    public Candidate {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(reason, "reason");
      requireScore(score);
    }

    static void requireScore(double score) {
      if (!(score >= 0.0 && score <= 1.0)) {
        throw new IllegalArgumentException("A match score is between 0 and 1; got " + score);
      }
    }
  }
}
