package org.entrasync.core.mapping;

import java.util.List;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.rules.TenantMatch;

/**
 * The mapping review screen: every present managed tenant, in one of three groups, with the
 * matcher's candidates and the decision already taken, if any. Building it writes nothing.
 */
public record MappingPreview(List<Row> autoMatched, List<Row> needsReview, List<Row> unmatched) {
  public MappingPreview {
    autoMatched = List.copyOf(autoMatched);
    needsReview = List.copyOf(needsReview);
    unmatched = List.copyOf(unmatched);
  }

  /**
   * @param match what the matcher proposes
   * @param existingDecision the active decision, or null when none was taken yet
   */
  public record Row(EntraTenantId tenantId, String displayName, String primaryDomain, Integer userCount, TenantMatch match,
      TenantMapping existingDecision) {}
}
