package org.entrasync.core.model;

/**
 * What a sync did, per tenant and summed per run. Meanings (the scenario contract):
 *
 * <ul>
 *   <li>{@code created}: a new host contact was created for an identity.
 *   <li>{@code linked}: an identity was linked to an existing contact it was not linked to before.
 *   <li>{@code updated}: an enabled field toggle changed a value on an already existing contact.
 *   <li>{@code unchanged}: an identity already linked, and nothing changed.
 *   <li>{@code ambiguous}: the identity has an open reconciliation item after this run.
 *   <li>{@code inactivated}: a linked contact was marked inactive because its identity is disabled
 *       or deleted upstream.
 *   <li>{@code reactivated}: a contact the sync itself had inactivated became active again.
 *   <li>{@code skipped}: an identity the filters excluded, or that could not be written.
 * </ul>
 */
public record SyncCounters(
    int created,
    int linked,
    int updated,
    int unchanged,
    int ambiguous,
    int inactivated,
    int reactivated,
    int skipped) {
  public static final SyncCounters ZERO = new SyncCounters(0, 0, 0, 0, 0, 0, 0, 0);

  public SyncCounters {
    if (created < 0 || linked < 0 || updated < 0 || unchanged < 0 || ambiguous < 0
        || inactivated < 0 || reactivated < 0 || skipped < 0) {
      throw new IllegalArgumentException("Counters cannot be negative");
    }
  }

  public SyncCounters plus(SyncCounters o) {
    return new SyncCounters(
        created + o.created,
        linked + o.linked,
        updated + o.updated,
        unchanged + o.unchanged,
        ambiguous + o.ambiguous,
        inactivated + o.inactivated,
        reactivated + o.reactivated,
        skipped + o.skipped);
  }

  /**
   * These counters with {@code n} more (or, negative, fewer) in the bucket {@code action} counts in: the
   * one counting rule of a planned action. A {@link PlannedAction.PendingRemoval} (or null) counts in
   * none: the deletion decision after the listing counts it.
   */
  public SyncCounters plus(PlannedAction action, int n) {
    // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed type.
    if (action instanceof PlannedAction.Create) return withCreated(created + n);
    if (action instanceof PlannedAction.Link) return withLinked(linked + n);
    if (action instanceof PlannedAction.Update) return withUpdated(updated + n);
    if (action instanceof PlannedAction.Unchanged) return withUnchanged(unchanged + n);
    if (action instanceof PlannedAction.Queue) return withAmbiguous(ambiguous + n);
    if (action instanceof PlannedAction.Inactivate) return withInactivated(inactivated + n);
    if (action instanceof PlannedAction.Reactivate) return withReactivated(reactivated + n);
    if (action instanceof PlannedAction.Skip) return withSkipped(skipped + n);
    return this;
  }

  public int total() {
    return created + linked + updated + unchanged + ambiguous + inactivated + reactivated + skipped;
  }

  public SyncCounters withCreated(int v) { return new SyncCounters(v, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped); }
  public SyncCounters withLinked(int v) { return new SyncCounters(created, v, updated, unchanged, ambiguous, inactivated, reactivated, skipped); }
  public SyncCounters withUpdated(int v) { return new SyncCounters(created, linked, v, unchanged, ambiguous, inactivated, reactivated, skipped); }
  public SyncCounters withUnchanged(int v) { return new SyncCounters(created, linked, updated, v, ambiguous, inactivated, reactivated, skipped); }
  public SyncCounters withAmbiguous(int v) { return new SyncCounters(created, linked, updated, unchanged, v, inactivated, reactivated, skipped); }
  public SyncCounters withInactivated(int v) { return new SyncCounters(created, linked, updated, unchanged, ambiguous, v, reactivated, skipped); }
  public SyncCounters withReactivated(int v) { return new SyncCounters(created, linked, updated, unchanged, ambiguous, inactivated, v, skipped); }
  public SyncCounters withSkipped(int v) { return new SyncCounters(created, linked, updated, unchanged, ambiguous, inactivated, reactivated, v); }
}
