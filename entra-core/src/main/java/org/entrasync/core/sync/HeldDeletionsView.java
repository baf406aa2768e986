package org.entrasync.core.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HoldReason;

/**
 * What a managed tenant's held deletions look like to an operator deciding whether to approve them.
 *
 * @param deleted how many of them were deleted upstream (or went missing from a complete listing)
 * @param disabled how many were disabled upstream
 * @param activeLinksBefore the linked identities the tenant had when the holding sync started
 * @param sampleNames a few of the contacts that would be inactivated, by name
 * @param approvedBy who approved the set (the next sync applies it), or null while it waits
 */
public record HeldDeletionsView(
    EntraTenantId tenantId,
    String tenantName,
    int count,
    HoldReason reason,
    int deleted,
    int disabled,
    int activeLinksBefore,
    Instant heldSince,
    List<String> sampleNames,
    String approvedBy,
    Instant approvedAt) {
  public HeldDeletionsView {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(reason, "reason");
    sampleNames = List.copyOf(sampleNames);
  }

  public boolean approved() {
    return approvedAt != null;
  }
}
