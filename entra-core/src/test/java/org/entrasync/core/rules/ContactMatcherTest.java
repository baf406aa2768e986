package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactMatcherTest {

  static final EntraTenantId TENANT = EntraTenantId.of("2a1c0e55-1111-4a11-8a11-000000000001");
  static final String USER_ID = "a0000001-0000-4000-8000-000000000001";
  static final String CLIENT = "client-contoso";

  static HostContact contact(String id, String clientId, String fullName, String email) {
    return new HostContact(id, clientId, fullName, email, null, null, List.of(), false, null);
  }

  static ContactLink link(String objectId, String contactId) {
    return new ContactLink(TENANT, EntraObjectId.of(objectId), contactId, CLIENT, true, null, null, null);
  }

  static DirectoryUser ada() {
    return DirectoryUser.builder(USER_ID)
        .mail("ada.lovelace@contoso.example")
        .userPrincipalName("ada@contoso.onmicrosoft.example")
        .proxyAddresses(List.of("SMTP:ada.lovelace@contoso.example", "smtp:ada.l@contoso.example", "X500:/o=ada"))
        .displayName("Ada Lovelace")
        .build();
  }

  @Test
  void anExistingLinkWinsWhateverTheEmailIsNow() {
    ContactLink link = link(USER_ID, "contact-old-address");
    List<HostContact> contacts = List.of(contact("contact-same-email", CLIENT, "Ada Lovelace", "ada.lovelace@contoso.example"));

    assertThat(ContactMatcher.match(ada(), link, CLIENT, contacts, Set.of()))
        .isEqualTo(new ContactMatch.AlreadyLinked(link));
  }

  @Test
  void anInactiveLinkIsNotALink() {
    ContactLink detached = new ContactLink(TENANT, EntraObjectId.of(USER_ID), "contact-old", CLIENT, false, null, null, null);
    List<HostContact> contacts = List.of(contact("contact-1", CLIENT, "Ada", "ada.lovelace@contoso.example"));

    assertThat(ContactMatcher.match(ada(), detached, CLIENT, contacts, Set.of()))
        .isEqualTo(new ContactMatch.LinkTo("contact-1"));
  }

  @Test
  void aLinkOfAnotherIdentityIsRefused() {
    ContactLink other = link("a0000001-0000-4000-8000-000000000099", "contact-x");
    assertThatThrownBy(() -> ContactMatcher.match(ada(), other, CLIENT, List.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Each row: contacts as {@code id/clientId/email} separated by {@code ;}, ids linked to others
   * separated by {@code ;} ({@code ~} stands for a space), and the expected outcome ({@code none}, {@code link:id} or {@code
   * ambiguous:id;id}).
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # case                                  | contacts                                                                                   | linked to others | expected
      one by mail                             | c1/client-contoso/ada.lovelace@contoso.example                                              | -                | link:c1
      one by mail, case and spaces            | c1/client-contoso/~~ADA.Lovelace@Contoso.Example~                                           | -                | link:c1
      one by upn                              | c1/client-contoso/ada@contoso.onmicrosoft.example                                           | -                | link:c1
      one by primary SMTP proxy               | c1/client-contoso/ADA.LOVELACE@contoso.example                                              | -                | link:c1
      one by smtp alias proxy                 | c1/client-contoso/ada.l@contoso.example                                                     | -                | link:c1
      contact email is not an address         | c1/client-contoso/ada                                                                       | -                | none
      several                                 | c2/client-contoso/ada.lovelace@contoso.example;c1/client-contoso/ada.l@contoso.example      | -                | ambiguous:c1;c2
      several with the same email             | c9/client-contoso/ada.lovelace@contoso.example;c3/client-contoso/Ada.Lovelace@contoso.example | -              | ambiguous:c3;c9
      none                                    | c1/client-contoso/grace@contoso.example                                                     | -                | none
      no contacts at all                      | -                                                                                          | -                | none
      other client's contact is ignored       | c1/client-fabrikam/ada.lovelace@contoso.example                                             | -                | none
      other client's contact does not make it ambiguous | c1/client-contoso/ada.lovelace@contoso.example;c2/client-fabrikam/ada.l@contoso.example | -        | link:c1
      contact linked to another identity      | c1/client-contoso/ada.lovelace@contoso.example                                              | c1               | none
      linked-to-other leaves one free         | c1/client-contoso/ada.lovelace@contoso.example;c2/client-contoso/ada.l@contoso.example      | c1               | link:c2
      same name, other email                  | c1/client-contoso/ada@personal.example                                                      | -                | none
      contact without email                   | c1/client-contoso/                                                                          | -                | none
      """)
  void matchesByNormalizedEmailWithinTheClient(String label, String contacts, String linkedToOthers, String expected) {
    List<HostContact> candidates = new ArrayList<>();
    if (contacts != null) {
      for (String spec : contacts.split(";")) {
        String[] parts = spec.split("/", -1);
        String email = parts[2].replace("~", " ");
        candidates.add(contact(parts[0], parts[1], "Ada Lovelace", email.isEmpty() ? null : email));
      }
    }
    Set<String> others = linkedToOthers == null ? Set.of() : Set.of(linkedToOthers.split(";"));

    ContactMatch match = ContactMatcher.match(ada(), null, CLIENT, candidates, others);

    if (expected.equals("none")) {
      assertThat(match).isEqualTo(new ContactMatch.NoMatch());
    } else if (expected.startsWith("link:")) {
      assertThat(match).isEqualTo(new ContactMatch.LinkTo(expected.substring(5)));
    } else {
      assertThat(match).isEqualTo(new ContactMatch.Ambiguous(Arrays.asList(expected.substring(10).split(";"))));
      assertThat(((ContactMatch.Ambiguous) match).contactIds()).isSorted();
    }
  }

  @Test
  void aNameNeverLinks() {
    DirectoryUser alan = DirectoryUser.builder(USER_ID).email("alan.turing@contoso.example").displayName("Alan Turing").build();
    List<HostContact> contacts = List.of(contact("contact-alan-namesake", CLIENT, "Alan Turing", "alan@personal.example"));

    assertThat(ContactMatcher.match(alan, null, CLIENT, contacts, Set.of())).isEqualTo(new ContactMatch.NoMatch());
  }
}
