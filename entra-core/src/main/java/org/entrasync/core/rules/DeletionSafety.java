package org.entrasync.core.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.Removal;

/**
 * Whether a round's removals may be applied: identities reported deleted ({@code @removed}) or
 * disabled upstream, or missing from a complete full listing, whose contacts would be inactivated.
 * Disabled and deleted count together (both make contacts inactive). A listing can look empty or
 * short for reasons that have nothing to do with the directory (paging cut short, a permission lost,
 * a throttled or misbehaving source), and a directory-sync misconfiguration upstream can delete or
 * disable most of a tenant by mistake; inactivating contacts on such evidence would be a silent mass
 * change. So, once per round:
 *
 * <ol>
 *   <li>no removal: nothing to do;
 *   <li>the listing was incomplete: refused ({@link HoldReason#INCOMPLETE_LISTING});
 *   <li>a full listing had no user while links are active: refused ({@link HoldReason#EMPTY_LISTING});
 *   <li>more than {@code maxShare} of the active links held before the sync, and at least {@code
 *       minCount}: refused ({@link HoldReason#THRESHOLD_TRIPPED});
 *   <li>otherwise every removal is applied.
 * </ol>
 *
 * A refusal changes no contact: the removals are held, shown to the operator, and decided again by
 * the next sync (or applied once an operator approves them).
 */
public final class DeletionSafety {

  /** Where an operator approves held inactivations (named in every refusal). */
  public static final String WHERE_TO_APPROVE = "To apply them anyway, an operator with system_settings.update"
      + " approves this tenant's held deletions in the Entra integration (held deletions); the next sync then"
      + " applies exactly that set, identity by identity still checked.";

  private DeletionSafety() {}

  /**
   * The facts of one finished round.
   *
   * @param activeLinkCount active links of the tenant before this sync started
   * @param removals the round's removals (contacts still active)
   * @param listingComplete whether every page was read
   * @param fullListing whether the round listed every user (a delta round lists changes only, so an
   *     empty one is normal)
   * @param listedUsers how many users the listing returned (before filtering)
   */
  public record DeletionInput(
      int activeLinkCount,
      List<Removal> removals,
      boolean listingComplete,
      boolean fullListing,
      int listedUsers,
      DeletionThreshold threshold) {
    public DeletionInput {
      removals = removals == null ? List.of() : List.copyOf(removals);
      threshold = threshold == null ? DeletionThreshold.DEFAULT : threshold;
      if (activeLinkCount < 0) {
        throw new IllegalArgumentException("activeLinkCount cannot be negative");
      }
      if (listedUsers < 0) {
        throw new IllegalArgumentException("listedUsers cannot be negative");
      }
    }

    /** A full listing's facts. */
    public DeletionInput(int activeLinkCount, List<Removal> removals, boolean listingComplete, int listedUsers,
        DeletionThreshold threshold) {
      this(activeLinkCount, removals, listingComplete, true, listedUsers, threshold);
    }
  }

  public static DeletionDecision decide(DeletionInput input) {
    Objects.requireNonNull(input, "input");
    int removals = input.removals().size();
    int active = input.activeLinkCount();
    if (removals == 0) {
      return new DeletionDecision.Apply(List.of());
    }
    if (!input.listingComplete()) {
      return new DeletionDecision.Refused(HoldReason.INCOMPLETE_LISTING, removals, active,
          "The user listing did not complete, so " + removals + " of " + active + " linked identities reported"
              + " deleted or disabled, or missing from it, cannot be treated as gone. No contact was inactivated;"
              + " the inactivations are held. Check the connection and the sync errors of this tenant; the next"
              + " complete sync decides again. " + WHERE_TO_APPROVE);
    }
    if (input.fullListing() && input.listedUsers() == 0 && active > 0) {
      return new DeletionDecision.Refused(HoldReason.EMPTY_LISTING, removals, active,
          "The directory returned no users at all although " + active + " identities are linked. No contact was"
              + " inactivated; the " + removals + " inactivations are held. Check that the connection still has"
              + " permission to read this tenant's users (consent, GDAP roles, CIPP access). " + WHERE_TO_APPROVE);
    }
    if (trips(removals, active, input.threshold())) {
      DeletionThreshold t = input.threshold();
      return new DeletionDecision.Refused(HoldReason.THRESHOLD_TRIPPED, removals, active,
          removals + " of " + active + " linked identities were deleted, disabled or missing upstream in one sync,"
              + " more than the safety limit (" + percent(t.maxShare()) + " and at least " + t.minCount() + ")."
              + " No contact was inactivated; the inactivations are held. Check in Entra whether these users really"
              + " left, or whether a directory sync or the connection lost part of the directory. "
              + WHERE_TO_APPROVE);
    }
    return new DeletionDecision.Apply(input.removals());
  }

  /**
   * The note of a full listing that did not complete: the linked identities it did not reach are not
   * treated as deleted (nor held: absence from an incomplete listing is no removal at all).
   */
  public static String unreadNote(int unread, int active) {
    return "The user listing did not complete, so " + unread + " of " + active + " linked identities missing from it"
        + " cannot be treated as deleted. No contact was inactivated for them. Check the connection and the sync"
        + " errors of this tenant; the next complete sync decides again.";
  }

  /** Whether {@code removals} out of {@code active} links trip the threshold. */
  public static boolean trips(int removals, int active, DeletionThreshold threshold) {
    // Exact decimal arithmetic: 29% of 100 is 29, not 28.999999999999996.
    BigDecimal limit = new BigDecimal(Double.toString(threshold.maxShare())).multiply(BigDecimal.valueOf(active));
    return BigDecimal.valueOf(removals).compareTo(limit) > 0 && removals >= threshold.minCount();
  }

  private static String percent(double share) {
    BigDecimal p = new BigDecimal(Double.toString(share)).movePointRight(2).stripTrailingZeros();
    return p.toPlainString() + "%";
  }
}
