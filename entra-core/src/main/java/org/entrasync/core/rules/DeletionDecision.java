package org.entrasync.core.rules;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.ContactLink;

/** What {@link DeletionSafety} decided about identities that vanished from a listing. */
public sealed interface DeletionDecision {

  /** Inactivate the contacts of these links with {@code deleted_upstream} (possibly none). */
  record InactivateVanished(List<ContactLink> links) implements DeletionDecision {
    public InactivateVanished {
      links = List.copyOf(links);
    }
  }

  /**
   * Nothing is inactivated; the tenant result carries the message.
   *
   * @param message operator-facing: what happened, that nothing was inactivated, what to check
   */
  record Refused(RefusalReason reason, int vanishedCount, int activeLinkCount, String message)
      implements DeletionDecision {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why deletion inference was refused. */
  enum RefusalReason implements org.entrasync.core.model.WireNamed {
    /** The listing did not reach its last page (truncated paging, a failed page). */
    INCOMPLETE_LISTING,
    /** The listing returned no user at all while identities are linked. */
    EMPTY_LISTING,
    /** Too many linked identities vanished at once. */
    THRESHOLD_TRIPPED
  }
}
