package org.entrasync.core.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.ContactLink;

/**
 * Whether identities that vanished from a full listing may be treated as deleted upstream. A
 * listing can look empty or short for reasons that have nothing to do with deletions (paging cut
 * short, a permission lost, a throttled or misbehaving source), and inactivating contacts on such
 * evidence would be a silent mass change. So:
 *
 * <ol>
 *   <li>nothing vanished: nothing to do;
 *   <li>the listing was incomplete: refused ({@link DeletionDecision.RefusalReason#INCOMPLETE_LISTING});
 *   <li>the listing had no user while links are active: refused ({@link
 *       DeletionDecision.RefusalReason#EMPTY_LISTING});
 *   <li>more than {@code maxShare} of the active links vanished and at least {@code minCount}:
 *       refused ({@link DeletionDecision.RefusalReason#THRESHOLD_TRIPPED});
 *   <li>otherwise every vanished link's contact is inactivated.
 * </ol>
 *
 * A refusal changes nothing; the next complete listing decides again.
 */
public final class DeletionSafety {

  private DeletionSafety() {}

  /**
   * The facts of one finished listing.
   *
   * @param activeLinkCount active links of the tenant before this sync
   * @param vanished active links whose identity the listing did not return
   * @param listingComplete whether every page was read
   * @param listedUsers how many users the listing returned (before filtering)
   */
  public record DeletionInput(
      int activeLinkCount,
      List<ContactLink> vanished,
      boolean listingComplete,
      int listedUsers,
      DeletionThreshold threshold) {
    public DeletionInput {
      vanished = vanished == null ? List.of() : List.copyOf(vanished);
      threshold = threshold == null ? DeletionThreshold.DEFAULT : threshold;
      if (activeLinkCount < 0) {
        throw new IllegalArgumentException("activeLinkCount cannot be negative");
      }
      if (listedUsers < 0) {
        throw new IllegalArgumentException("listedUsers cannot be negative");
      }
    }
  }

  public static DeletionDecision decide(DeletionInput input) {
    Objects.requireNonNull(input, "input");
    int vanished = input.vanished().size();
    int active = input.activeLinkCount();
    if (vanished == 0) {
      return new DeletionDecision.InactivateVanished(List.of());
    }
    if (!input.listingComplete()) {
      return new DeletionDecision.Refused(
          DeletionDecision.RefusalReason.INCOMPLETE_LISTING, vanished, active,
          "The user listing did not complete, so " + vanished + " of " + active
              + " linked identities missing from it cannot be treated as deleted. No contact was"
              + " inactivated. Check the connection and the sync errors of this tenant; the next"
              + " complete sync decides again.");
    }
    if (input.listedUsers() == 0 && active > 0) {
      return new DeletionDecision.Refused(
          DeletionDecision.RefusalReason.EMPTY_LISTING, vanished, active,
          "The directory returned no users at all although " + active
              + " identities are linked. No contact was inactivated. Check that the connection"
              + " still has permission to read this tenant's users (consent, GDAP roles, CIPP access).");
    }
    if (trips(vanished, active, input.threshold())) {
      DeletionThreshold t = input.threshold();
      return new DeletionDecision.Refused(
          DeletionDecision.RefusalReason.THRESHOLD_TRIPPED, vanished, active,
          vanished + " of " + active + " linked identities vanished in one sync, more than the safety"
              + " limit (" + percent(t.maxShare()) + " and at least " + t.minCount() + "). No contact"
              + " was inactivated. Check in Entra whether these users were really deleted, or whether the"
              + " connection lost access to part of the directory.");
    }
    return new DeletionDecision.InactivateVanished(input.vanished());
  }

  /** Whether {@code vanished} disappearances out of {@code active} links trip the threshold. */
  public static boolean trips(int vanished, int active, DeletionThreshold threshold) {
    // Exact decimal arithmetic: 29% of 100 is 29, not 28.999999999999996.
    BigDecimal limit = new BigDecimal(Double.toString(threshold.maxShare())).multiply(BigDecimal.valueOf(active));
    return BigDecimal.valueOf(vanished).compareTo(limit) > 0 && vanished >= threshold.minCount();
  }

  private static String percent(double share) {
    BigDecimal p = new BigDecimal(Double.toString(share)).movePointRight(2).stripTrailingZeros();
    return p.toPlainString() + "%";
  }
}
