package org.entrasync.core.model;

import java.util.Objects;

/** One entry of a directory listing or delta round: a user as it is now, or a removal. */
public sealed interface DirectoryChange {
  EntraObjectId objectId();

  /** The user exists; this is its current state. */
  record Present(DirectoryUser user) implements DirectoryChange {
    public Present {
      Objects.requireNonNull(user, "user");
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
