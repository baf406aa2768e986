package org.entrasync.core.sync;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.EntraObjectId;

/**
 * What a real run would do with one identity.
 *
 * @param contactIds the contact(s) involved: the one to link, update or inactivate; the candidates
 *     of a decision
 * @param reason why it is skipped, inactivated or held, else null
 */
public record DryRunEntry(EntraObjectId objectId, String email, String displayName, Bucket bucket, List<String> contactIds, String reason) {
  public DryRunEntry {
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(bucket, "bucket");
    contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
  }

  /** What a real run would do with the identity; a host groups a dry run's report by it. */
  public enum Bucket {
    CREATE,
    LINK,
    NEEDS_DECISION,
    UPDATE,
    NO_CHANGE,
    MARK_INACTIVE,
    /** An inactivation the deletion-safety valve would hold back. */
    HELD,
    REACTIVATE,
    SKIPPED
  }
}
