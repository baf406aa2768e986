package org.entrasync.core.model;

import java.util.List;
import java.util.Objects;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.NewContact;

/**
 * What the sync will do for one identity. There is deliberately no delete action: deletion
 * upstream is {@link Inactivate} with {@link InactiveReason#DELETED_UPSTREAM}.
 */
public sealed interface PlannedAction {
  EntraObjectId objectId();

  /** No contact matched: create one and link it. */
  record Create(EntraObjectId objectId, NewContact contact) implements PlannedAction {
    public Create {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contact, "contact");
    }
  }

  /** Exactly one unlinked contact matched by email: link it, applying enabled field toggles. */
  record Link(EntraObjectId objectId, String contactId, ContactPatch patch) implements PlannedAction {
    public Link {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
    }
  }

  /** Already linked; enabled toggles change these fields. */
  record Update(EntraObjectId objectId, String contactId, ContactPatch patch) implements PlannedAction {
    public Update {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
      Objects.requireNonNull(patch, "patch");
    }
  }

  /** Already linked and nothing to change. */
  record Unchanged(EntraObjectId objectId, String contactId) implements PlannedAction {
    public Unchanged {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
    }
  }

  /**
   * Several plausible contacts: queue a reconciliation item for an operator, with every value Entra
   * has for the identity (a contact created from the item gets them all).
   */
  record Queue(EntraObjectId objectId, String email, String displayName, List<String> candidateContactIds,
      ReconciliationItem.Values values) implements PlannedAction {
    public Queue {
      Objects.requireNonNull(objectId, "objectId");
      candidateContactIds = List.copyOf(candidateContactIds);
      if (candidateContactIds.size() < 2) {
        throw new IllegalArgumentException("A reconciliation item needs at least two candidates");
      }
      values = values == null ? ReconciliationItem.Values.NONE : values;
    }

    /** Without further values. */
    public Queue(EntraObjectId objectId, String email, String displayName, List<String> candidateContactIds) {
      this(objectId, email, displayName, candidateContactIds, ReconciliationItem.Values.NONE);
    }
  }

  /** Mark the linked contact inactive, recording that the sync did it and why. */
  record Inactivate(EntraObjectId objectId, String contactId, InactiveReason reason) implements PlannedAction {
    public Inactivate {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The identity was reported deleted ({@code @removed}) or disabled upstream while its contact is
   * active: recorded on the link as a pending removal, which the deletion-safety valve decides once
   * for the whole round, after the listing (inactivate, or hold). Counted by that decision, not here.
   */
  record PendingRemoval(EntraObjectId objectId, String contactId, InactiveReason reason) implements PlannedAction {
    public PendingRemoval {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The identity is enabled again and the sync had inactivated its contact: make it active. */
  record Reactivate(EntraObjectId objectId, String contactId, ContactPatch patch) implements PlannedAction {
    public Reactivate {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(contactId, "contactId");
    }
  }

  /** Leave this identity alone, for a reason. */
  record Skip(EntraObjectId objectId, SkipReason reason, String detail) implements PlannedAction {
    public Skip {
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
