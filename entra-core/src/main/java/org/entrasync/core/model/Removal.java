package org.entrasync.core.model;

import java.util.Objects;

/**
 * An identity whose contact the sync would inactivate: reported deleted ({@code @removed}) or
 * disabled upstream, or missing from a complete listing. Only the deletion-safety valve turns it
 * into an inactivation.
 */
public record Removal(EntraObjectId objectId, String contactId, InactiveReason reason) {
  public Removal {
    Objects.requireNonNull(objectId, "objectId");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(reason, "reason");
  }
}
