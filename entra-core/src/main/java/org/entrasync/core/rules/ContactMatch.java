package org.entrasync.core.rules;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.ContactLink;

/** What {@link ContactMatcher} found for one directory user. */
public sealed interface ContactMatch {

  /** The identity is already linked; the link wins whatever the email is now. */
  record AlreadyLinked(ContactLink link) implements ContactMatch {
    public AlreadyLinked {
      Objects.requireNonNull(link, "link");
    }
  }

  /** Exactly one free contact of the mapped client has one of the user's email identities. */
  record LinkTo(String contactId) implements ContactMatch {
    public LinkTo {
      Objects.requireNonNull(contactId, "contactId");
    }
  }

  /**
   * Several free contacts of the mapped client match: an operator chooses.
   *
   * @param contactIds sorted, at least two
   */
  record Ambiguous(List<String> contactIds) implements ContactMatch {
    public Ambiguous {
      contactIds = contactIds.stream().sorted().distinct().toList();
      if (contactIds.size() < 2) {
        throw new IllegalArgumentException("An ambiguous match has at least two contacts");
      }
    }
  }

  /** No contact matches: a new one is created. */
  record NoMatch() implements ContactMatch {}
}
