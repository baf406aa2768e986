package org.entrasync.core.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** One entry of a directory listing or delta round: a user as it is now, or a removal. */
public sealed interface DirectoryChange {
  EntraObjectId objectId();

  /**
   * The user exists; this is its current state.
   *
   * @param reportedFields the properties the directory reported for this entry; a property it did
   *     not report holds null in {@code user} and means "not changed since the last round", not
   *     "unknown". Every property for a full record; fewer only for a partial delta entry.
   */
  record Present(DirectoryUser user, Set<DirectoryField> reportedFields) implements DirectoryChange {
    public Present {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(reportedFields, "reportedFields");
      reportedFields = reportedFields.size() == DirectoryField.all().size()
          ? DirectoryField.all()
          : Collections.unmodifiableSet(EnumSet.copyOf(reportedFields.isEmpty() ? EnumSet.noneOf(DirectoryField.class) : reportedFields));
    }

    /** A full record: every property reported. */
    public Present(DirectoryUser user) {
      this(user, DirectoryField.all());
    }

    /** Whether this entry reports only some properties (a partial delta entry). */
    public boolean isPartial() {
      return reportedFields.size() < DirectoryField.all().size();
    }

    /** Whether the directory reported {@code field} for this entry. */
    public boolean reported(DirectoryField field) {
      return reportedFields.contains(field);
    }

    @Override
    public EntraObjectId objectId() {
      return user.id();
    }
  }

  /** The user was removed upstream (delta {@code @removed}). */
  record Removed(EntraObjectId objectId, RemovalKind kind) implements DirectoryChange {
    public Removed {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** Graph's {@code @removed.reason}: soft-deleted (restorable) or permanently deleted. */
  enum RemovalKind {
    /** {@code changed}: soft-deleted, still restorable for 30 days. */
    SOFT_DELETED,
    /** {@code deleted}: permanently deleted. */
    DELETED
  }
}
