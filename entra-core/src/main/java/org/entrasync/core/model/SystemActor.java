package org.entrasync.core.model;

/**
 * The library acting on its own, recorded where a person's user id would otherwise be ({@code
 * resolved_by} of a reconciliation item, {@code initiated_by} of a run). One id per actor, whichever
 * adapter records it.
 */
public enum SystemActor {
  /** A sync that closed reconciliation items itself (it linked or created the identities' contacts). */
  SYNC("entrasync:sync"),
  /** The schedule that started a run. */
  SCHEDULE("entrasync:schedule");

  private final String id;

  SystemActor(String id) {
    this.id = id;
  }

  /** The recorded id. */
  public String id() {
    return id;
  }
}
