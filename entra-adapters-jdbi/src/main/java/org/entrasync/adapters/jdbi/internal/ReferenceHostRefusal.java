package org.entrasync.adapters.jdbi.internal;

import org.entrasync.adapters.jdbi.ReferenceHostContactDirectory;

/**
 * Why the reference host refuses to create a contact. The create statement answers with the {@link
 * #code()}; the text a host (and the sync's note) shows is written here once.
 */
enum ReferenceHostRefusal {
  UNKNOWN_CLIENT("unknown_client", "the client does not exist"),
  SAME_CLIENT("same_client", ReferenceHostContactDirectory.REFUSED_SAME_CLIENT),
  OTHER_CLIENT("other_client", ReferenceHostContactDirectory.REFUSED_OTHER_CLIENT),
  TWICE_IN_BATCH("twice_in_batch", "email requested twice in one batch"),
  /** The insert lost a race with a concurrent create of the same address. */
  TAKEN_MEANWHILE("taken_meanwhile", "email already used by another contact");

  private final String code;
  private final String text;

  ReferenceHostRefusal(String code, String text) {
    this.code = code;
    this.text = text;
  }

  /** What the SQL answers (after the {@code refused:} prefix of the outcome column). */
  String code() {
    return code;
  }

  String text() {
    return text;
  }

  static ReferenceHostRefusal ofCode(String code) {
    for (ReferenceHostRefusal refusal : values()) {
      if (refusal.code.equals(code)) {
        return refusal;
      }
    }
    throw new IllegalArgumentException("Unknown refusal code '" + code + "'");
  }
}
