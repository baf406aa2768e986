package org.entrasync.core.rules;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.Removal;

/** What {@link DeletionSafety} decided about a round's removals. */
public sealed interface DeletionDecision {

  /** Inactivate the contacts of these removals, each for its reason (possibly none). */
  record Apply(List<Removal> removals) implements DeletionDecision {
    public Apply {
      removals = List.copyOf(removals);
    }
  }

  /**
   * Nothing is inactivated: the removals are held; the tenant result carries the message.
   *
   * @param message operator-facing: what happened, that nothing was inactivated, what to check, and
   *     where to approve the held inactivations
   */
  record Refused(HoldReason reason, int removalCount, int activeLinkCount, String message)
      implements DeletionDecision {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
