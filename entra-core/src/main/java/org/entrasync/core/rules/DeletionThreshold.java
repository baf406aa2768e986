package org.entrasync.core.rules;

/**
 * When inferring deletions from a complete listing is considered unsafe: more than {@code maxShare}
 * of the active links vanished <em>and</em> at least {@code minCount} of them.
 *
 * @param maxShare the share of active links that may vanish in one sync (0 exclusive, 1 inclusive)
 * @param minCount the fewest disappearances that can trip the threshold (at least 1), so that small
 *     tenants can lose most of their few users
 */
public record DeletionThreshold(double maxShare, int minCount) {
  /** More than half, and at least ten. */
  public static final DeletionThreshold DEFAULT = new DeletionThreshold(0.5, 10);

  public DeletionThreshold {
    if (!(maxShare > 0.0 && maxShare <= 1.0)) {
      throw new IllegalArgumentException(
          "The deletion safety share must be greater than 0 and at most 1; got " + maxShare);
    }
    if (minCount < 1) {
      throw new IllegalArgumentException("The deletion safety minimum count must be at least 1; got " + minCount);
    }
  }
}
