package org.entrasync.spi;

/** What became of one requested contact: created, or refused by the host with a reason. */
public sealed interface ContactCreateOutcome {
  String requestKey();

  record Created(String requestKey, String contactId) implements ContactCreateOutcome {
    public Created {
      if (contactId == null || contactId.isBlank()) {
        throw new IllegalArgumentException("A created contact needs its id");
      }
    }
  }

  /**
   * The host would not create this contact (for example: the email already belongs to a contact of
   * another client). A per-user outcome; never a failure of the sync.
   */
  record Refused(String requestKey, String reason) implements ContactCreateOutcome {
    public Refused {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("A refusal needs a reason");
      }
    }
  }
}
