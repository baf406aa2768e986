package org.entrasync.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The inactivations the deletion-safety valve holds for one managed tenant, durably, until a sync
 * decides them again or an operator approves them.
 *
 * @param identities the held identities, each with the reason its contact would be inactivated for
 * @param activeLinksBefore the active links the tenant had when the holding sync started (the
 *     threshold's base)
 * @param heldSince when the tenant started holding (kept while later syncs refresh the set)
 * @param approvedBy who approved the set, or null while it waits for approval
 * @param approvedAt when it was approved, or null
 */
public record HeldDeletions(
    EntraTenantId tenantId,
    HoldReason reason,
    List<HeldIdentity> identities,
    int activeLinksBefore,
    Instant heldSince,
    String approvedBy,
    Instant approvedAt) {
  public HeldDeletions {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(heldSince, "heldSince");
    identities = List.copyOf(identities);
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("A held set holds at least one identity");
    }
    if (activeLinksBefore < 0) {
      throw new IllegalArgumentException("activeLinksBefore cannot be negative");
    }
    if ((approvedBy == null) != (approvedAt == null)) {
      throw new IllegalArgumentException("An approval names who and when, or neither");
    }
  }

  public int count() {
    return identities.size();
  }

  public boolean approved() {
    return approvedAt != null;
  }

  /** The same set, approved. */
  public HeldDeletions approve(String by, Instant at) {
    return new HeldDeletions(tenantId, reason, identities, activeLinksBefore, heldSince,
        Objects.requireNonNull(by, "by"), Objects.requireNonNull(at, "at"));
  }

  /** One held identity. */
  public record HeldIdentity(EntraObjectId objectId, InactiveReason reason) {
    public HeldIdentity {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
