package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No writer can be handed an unbounded value: the records bound for the host are bounded themselves. */
class HostBoundValuesTest {
  private static final String EMAIL = "ada@contoso.example";

  private static String address(int length) {
    return "a".repeat(length - "@contoso.example".length()) + "@contoso.example";
  }

  @Test
  void aNewContactCutsItsNameAndRoleAndRefusesAnOverLongIdentifier() {
    NewContact contact = new NewContact("k", "client", "N".repeat(10_000), EMAIL, "R".repeat(10_000), EMAIL, List.of());
    assertThat(contact.fullName()).hasSize(FieldLimits.DISPLAY_NAME);
    assertThat(contact.role()).hasSize(FieldLimits.JOB_TITLE);

    String tooLong = address(FieldLimits.EMAIL_ADDRESS + 1);
    assertThatThrownBy(() -> new NewContact("k", "client", "N", tooLong, null, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("254");
    assertThatThrownBy(() -> new NewContact("k", "client", "N", EMAIL, null, tooLong, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("254");
    assertThat(new NewContact("k", "client", "N", address(254), null, address(254), null).email()).hasSize(254);
  }

  @Test
  void aPatchCutsItsNameAndRoleAndRefusesAnOverLongIdentifier() {
    ContactPatch patch = new ContactPatch("c1", "N".repeat(300), null, "R".repeat(300), null, null);
    assertThat(patch.fullName()).hasSize(FieldLimits.DISPLAY_NAME);
    assertThat(patch.role()).hasSize(FieldLimits.JOB_TITLE);
    assertThat(new ContactPatch("c1", null, null, null, null, null).isEmpty()).isTrue();

    String tooLong = address(FieldLimits.EMAIL_ADDRESS + 1);
    assertThatThrownBy(() -> new ContactPatch("c1", null, tooLong, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContactPatch("c1", null, null, null, tooLong, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void phonesAreBoundedInLengthAndCount() {
    // A host's own long phone stays readable; only a record bound for the host refuses it.
    ContactPhone hostPhone = new ContactPhone("1".repeat(FieldLimits.PHONE_NUMBER + 1), ContactPhone.Type.WORK, true);
    assertThatThrownBy(() -> new NewContact("k", "client", "N", EMAIL, null, null, List.of(hostPhone)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(FieldLimits.PHONE_NUMBER));
    assertThatThrownBy(() -> new ContactPatch("c1", null, null, null, null, List.of(hostPhone)))
        .isInstanceOf(IllegalArgumentException.class);
    ContactPhone longest = new ContactPhone(" " + "1".repeat(FieldLimits.PHONE_NUMBER) + " ", ContactPhone.Type.WORK, true);
    assertThat(new NewContact("k", "client", "N", EMAIL, null, null, List.of(longest)).phones()).containsExactly(longest);

    List<ContactPhone> tooMany = Collections.nCopies(FieldLimits.MAX_CONTACT_PHONES + 1,
        new ContactPhone("+1 555 0100", ContactPhone.Type.OTHER, false));
    assertThatThrownBy(() -> new NewContact("k", "client", "N", EMAIL, null, null, tooMany))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContactPatch("c1", null, null, null, null, tooMany))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void truncationKeepsWholeCodePoints() {
    String emoji = "\uD83D\uDE00";
    assertThat(FieldLimits.truncate("a" + emoji, 2)).isEqualTo("a");
    assertThat(FieldLimits.truncate(emoji + emoji, 3)).isEqualTo(emoji);
    assertThat(FieldLimits.truncate("abc", 3)).isEqualTo("abc");
    assertThat(FieldLimits.truncate(null, 3)).isNull();
  }
}
