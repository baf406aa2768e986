package org.entrasync.adapters.jdbi.internal;

import java.util.List;
import java.util.Objects;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;

/**
 * One change to a reference-host contact: field values (null = leave as is), a phone list (null =
 * leave as is; otherwise it replaces the contact's phones) and an activity change.
 */
record ContactChange(
    String contactId,
    String fullName,
    String email,
    String role,
    String userPrincipalName,
    List<ContactPhone> phones,
    Activity activity,
    String inactiveReason) {

  enum Activity {
    KEEP,
    INACTIVATE,
    REACTIVATE
  }

  ContactChange {
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(activity, "activity");
  }

  static ContactChange patch(ContactPatch patch) {
    return new ContactChange(patch.contactId(), patch.fullName(), patch.email(), patch.role(),
        patch.userPrincipalName(), patch.phones(), Activity.KEEP, null);
  }

  static ContactChange inactivate(String contactId, String reason) {
    return new ContactChange(contactId, null, null, null, null, null, Activity.INACTIVATE, reason);
  }

  /** Reactivates, applying {@code patch} too when there is one. */
  static ContactChange reactivate(String contactId, ContactPatch patch) {
    if (patch == null) {
      return new ContactChange(contactId, null, null, null, null, null, Activity.REACTIVATE, null);
    }
    return new ContactChange(contactId, patch.fullName(), patch.email(), patch.role(),
        patch.userPrincipalName(), patch.phones(), Activity.REACTIVATE, null);
  }

  String activityWire() {
    switch (activity) {
      case INACTIVATE:
        return "inactivate";
      case REACTIVATE:
        return "reactivate";
      case KEEP:
      default:
        return null;
    }
  }
}
