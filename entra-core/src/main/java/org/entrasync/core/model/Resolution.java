package org.entrasync.core.model;

import java.util.Objects;

/**
 * How a reconciliation item was closed. Stored (and shown to operators) as its {@link #text()}:
 * {@code linked:<contactId>} or {@code created:<contactId>} when an operator resolved it, {@code
 * auto-linked:<contactId>} or {@code auto-created:<contactId>} when a later sync linked or created the
 * identity's contact itself, {@code dismissed} when an operator chose to leave the identity alone.
 *
 * @param contactId the contact the identity was linked to or created as; null only for {@link
 *     Kind#DISMISSED}
 */
public record Resolution(Kind kind, String contactId) {
  /** Dismissed by an operator. */
  public static final Resolution DISMISSED = new Resolution(Kind.DISMISSED, null);

  /** How the item was closed, with the prefix of its stored text. */
  public enum Kind {
    /** An operator linked the identity to an existing contact. */
    LINKED("linked"),
    /** An operator created a new contact for the identity. */
    CREATED("created"),
    /** A sync linked the identity to an existing contact (its email became unambiguous). */
    AUTO_LINKED("auto-linked"),
    /** A sync created the identity's contact. */
    AUTO_CREATED("auto-created"),
    /** An operator chose to leave the identity alone; later syncs do not queue it again. */
    DISMISSED("dismissed");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** The stored text's prefix ({@code auto-created} in {@code auto-created:<contactId>}). */
    public String prefix() {
      return prefix;
    }

    /** The queue status an item closed this way ends in. */
    public QueueStatus status() {
      return this == DISMISSED ? QueueStatus.DISMISSED : QueueStatus.RESOLVED;
    }
  }

  public Resolution {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.DISMISSED) {
      if (contactId != null) {
        throw new IllegalArgumentException("A dismissal names no contact");
      }
    } else if (contactId == null || contactId.isBlank()) {
      throw new IllegalArgumentException("A " + kind.prefix + " resolution names its contact");
    }
  }

  public static Resolution linked(String contactId) {
    return new Resolution(Kind.LINKED, contactId);
  }

  public static Resolution created(String contactId) {
    return new Resolution(Kind.CREATED, contactId);
  }

  public static Resolution autoLinked(String contactId) {
    return new Resolution(Kind.AUTO_LINKED, contactId);
  }

  public static Resolution autoCreated(String contactId) {
    return new Resolution(Kind.AUTO_CREATED, contactId);
  }

  /** The queue status the item ends in. */
  public QueueStatus status() {
    return kind.status();
  }

  /** The stored text, e.g. {@code auto-linked:c-1} or {@code dismissed}. */
  public String text() {
    return contactId == null ? kind.prefix : kind.prefix + ":" + contactId;
  }

  /** The resolution whose {@link #text()} is {@code text}. */
  public static Resolution parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    String prefix = colon < 0 ? text : text.substring(0, colon);
    for (Kind kind : Kind.values()) {
      if (kind.prefix.equals(prefix)) {
        return new Resolution(kind, colon < 0 ? null : text.substring(colon + 1));
      }
    }
    throw new IllegalArgumentException("Unknown resolution '" + text + "'");
  }

  @Override
  public String toString() {
    return text();
  }
}
