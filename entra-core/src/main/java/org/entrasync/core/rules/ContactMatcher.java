package org.entrasync.core.rules;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.Emails;
import org.entrasync.spi.HostContact;

/**
 * Finds the host contact of a directory user.
 *
 * <ol>
 *   <li>An active link on (Entra tenant, object id) wins, whatever the user's email is now.
 *   <li>Otherwise each of the user's normalized email identities ({@code mail}, the UPN, SMTP proxy
 *       addresses) is compared with the normalized email ({@link org.entrasync.spi.EmailNormalization}) of the contacts of the
 *       mapped client that no other identity is linked to. Contacts of other clients are ignored:
 *       matching is scoped to the client.
 *   <li>One contact: link it. Several: ambiguous, for an operator. None: no match (create).
 * </ol>
 *
 * A name never links: only email identities are compared.
 */
public final class ContactMatcher {

  private ContactMatcher() {}

  /**
   * Matches one user.
   *
   * @param existingActiveLink the user's active link, or null when it has none (an inactive link
   *     passed here is ignored)
   * @param mappedClientId the client the user's tenant is mapped to
   * @param candidateContacts contacts that may match (contacts of other clients are ignored)
   * @param contactIdsLinkedToOthers ids of contacts actively linked to another identity
   */
  public static ContactMatch match(
      DirectoryUser user,
      ContactLink existingActiveLink,
      String mappedClientId,
      Collection<HostContact> candidateContacts,
      Set<String> contactIdsLinkedToOthers) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(mappedClientId, "mappedClientId");
    if (existingActiveLink != null && existingActiveLink.active()) {
      if (!existingActiveLink.objectId().equals(user.id())) {
        throw new IllegalArgumentException(
            "The link of " + existingActiveLink.objectId() + " was passed for user " + user.id());
      }
      return new ContactMatch.AlreadyLinked(existingActiveLink);
    }
    Set<String> identities = user.emailIdentities();
    Set<String> linkedToOthers = contactIdsLinkedToOthers == null ? Set.of() : contactIdsLinkedToOthers;
    Set<String> matches = new TreeSet<>();
    if (candidateContacts != null && !identities.isEmpty()) {
      for (HostContact contact : candidateContacts) {
        if (contact == null
            || !mappedClientId.equals(contact.clientId())
            || linkedToOthers.contains(contact.id())) {
          continue;
        }
        Optional<String> email = normalizedContactEmail(contact);
        if (email.isPresent() && identities.contains(email.get())) {
          matches.add(contact.id());
        }
      }
    }
    if (matches.isEmpty()) {
      return new ContactMatch.NoMatch();
    }
    if (matches.size() == 1) {
      return new ContactMatch.LinkTo(matches.iterator().next());
    }
    return new ContactMatch.Ambiguous(matches.stream().toList());
  }

  /** A contact's email as matching compares it: normalized; empty when not an address. */
  public static Optional<String> normalizedContactEmail(HostContact contact) {
    return Emails.normalize(contact.email());
  }
}
