package org.entrasync.core.rules;

import java.util.Objects;
import org.entrasync.core.model.SkipReason;

/** What {@link UserFilter} decided for one directory user. */
public sealed interface FilterDecision {

  /** Whether the user passed every filter. */
  default boolean isEligible() {
    return this instanceof Eligible;
  }

  /**
   * The user takes part in the sync.
   *
   * @param primaryEmail the normalized address a new contact would get ({@code mail}, else the UPN)
   */
  record Eligible(String primaryEmail) implements FilterDecision {
    public Eligible {
      Objects.requireNonNull(primaryEmail, "primaryEmail");
    }
  }

  /**
   * The user is left out.
   *
   * @param reason the skip reason recorded for the user
   * @param detail an operator-facing explanation (which token or pattern matched, for instance)
   */
  record Excluded(SkipReason reason, String detail) implements FilterDecision {
    public Excluded {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
