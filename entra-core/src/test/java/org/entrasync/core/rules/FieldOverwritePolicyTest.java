package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.ContactPhone.Type;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.NewContact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldOverwritePolicyTest {

  static final String ID = "a0000001-0000-4000-8000-000000000001";
  static final FieldSyncConfig ALL = new FieldSyncConfig(true, true, true, true, true);

  static DirectoryUser.Builder ada() {
    return DirectoryUser.builder(ID)
        .mail("ada.lovelace@contoso.example")
        .userPrincipalName("ada@contoso.example")
        .displayName("Ada Lovelace")
        .givenName("Ada")
        .surname("Lovelace")
        .jobTitle("Operations Director")
        .businessPhones(List.of("+1 555 0101"))
        .mobilePhone("+1 555 0100");
  }

  static HostContact local(String fullName, String email, String role, String upn, List<ContactPhone> phones) {
    return new HostContact("contact-ada", "client-contoso", fullName, email, role, upn, phones, false, null);
  }

  // ---- newContact -------------------------------------------------------------------------

  @Test
  void newContactTakesEveryValueFromEntra() {
    NewContact contact = FieldOverwritePolicy.newContact(ada().build(), "client-contoso");

    assertThat(contact).isEqualTo(new NewContact(
        ID, "client-contoso", "Ada Lovelace", "ada.lovelace@contoso.example", "Operations Director",
        "ada@contoso.example",
        List.of(new ContactPhone("+1 555 0101", Type.WORK, true), new ContactPhone("+1 555 0100", Type.MOBILE, false))));
  }

  @ParameterizedTest(name = "[{index}] display ''{0}'', given ''{1}'', surname ''{2}'' -> ''{3}''")
  @CsvSource(nullValues = "null", value = {
    "Ada Lovelace, Ada, Lovelace, Ada Lovelace",
    "'  Ada L.  ', Ada, Lovelace, Ada L.",
    "'   ', Ada, Lovelace, Ada Lovelace",
    "null, Ada, null, Ada",
    "null, null, Lovelace, Lovelace",
    "null, '  ', '  ', ada.lovelace",
    "null, null, null, ada.lovelace",
  })
  void fullNameFallsBackToGivenAndSurnameThenTheEmailLocalPart(String display, String given, String surname, String expected) {
    DirectoryUser user = ada().displayName(display).givenName(given).surname(surname).build();

    assertThat(FieldOverwritePolicy.newContact(user, "client-contoso").fullName()).isEqualTo(expected);
    assertThat(FieldOverwritePolicy.upstreamFullName(user)).contains(expected);
  }

  @Test
  void newContactUsesTheUpnWhenMailIsMissingAndDropsBlankValues() {
    DirectoryUser scanner = DirectoryUser.builder(ID).userPrincipalName("Scanner@Contoso.example")
        .displayName("Contoso Scanner").jobTitle("  ").mobilePhone(" ").businessPhones(List.of("", "  ")).build();

    NewContact contact = FieldOverwritePolicy.newContact(scanner, "client-contoso");

    assertThat(contact.email()).isEqualTo("scanner@contoso.example");
    assertThat(contact.role()).isNull();
    assertThat(contact.userPrincipalName()).isEqualTo("Scanner@Contoso.example");
    assertThat(contact.phones()).isEmpty();
  }

  @Test
  void newContactNeedsAnEmailIdentity() {
    DirectoryUser noEmail = DirectoryUser.builder(ID).userPrincipalName("ada").displayName("Ada").build();
    assertThatThrownBy(() -> FieldOverwritePolicy.newContact(noEmail, "client-contoso"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Phones: business as WORK (the first is the default), mobile as MOBILE (default only alone). */
  @ParameterizedTest(name = "[{index}] business {0}, mobile {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    "+1 1;+1 2 | +1 3 | +1 1/WORK/true;+1 2/WORK/false;+1 3/MOBILE/false",
    "+1 1      | null | +1 1/WORK/true",
    "null      | +1 3 | +1 3/MOBILE/true",
    "' '       | +1 3 | +1 3/MOBILE/true",
    "+1 1;+1 1 | +1 1 | +1 1/WORK/true;+1 1/MOBILE/false",
    "null      | null | ''",
  })
  void phonesFromBusinessAndMobile(String business, String mobile, String expected) {
    DirectoryUser user = ada().businessPhones(business == null ? List.of() : List.of(business.split(";")))
        .mobilePhone(mobile).build();

    assertThat(FieldOverwritePolicy.upstreamPhones(user)).isEqualTo(phones(expected));
    assertThat(FieldOverwritePolicy.newContact(user, "c").phones()).isEqualTo(phones(expected));
  }

  static List<ContactPhone> phones(String spec) {
    if (spec == null || spec.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(spec.split(";"))
        .map(p -> p.split("/"))
        .map(p -> new ContactPhone(p[0], Type.valueOf(p[1]), Boolean.parseBoolean(p[2])))
        .toList();
  }

  // ---- patch -------------------------------------------------------------------------------

  @Test
  void everyToggleOffChangesNothing() {
    HostContact contact = local("Ada L.", "other@contoso.example", "Ops", null, List.of());
    assertThat(FieldOverwritePolicy.patch(contact, ada().build(), FieldSyncConfig.NONE)).isEmpty();
  }

  /** Each toggle alone: only its field is patched, with the upstream value. */
  @ParameterizedTest(name = "toggle {0}")
  @CsvSource({"displayName", "email", "phone", "jobTitle", "upn"})
  void eachToggleOverwritesOnlyItsField(String toggle) {
    FieldSyncConfig config = new FieldSyncConfig(
        toggle.equals("displayName"), toggle.equals("email"), toggle.equals("phone"), toggle.equals("jobTitle"),
        toggle.equals("upn"));
    HostContact contact = local("Ada L.", "old@contoso.example", "Ops", "old@contoso.onmicrosoft.example",
        List.of(new ContactPhone("+1 999", Type.OTHER, true)));

    ContactPatch patch = FieldOverwritePolicy.patch(contact, ada().build(), config).orElseThrow();

    ContactPatch expected = new ContactPatch("contact-ada",
        toggle.equals("displayName") ? "Ada Lovelace" : null,
        toggle.equals("email") ? "ada.lovelace@contoso.example" : null,
        toggle.equals("jobTitle") ? "Operations Director" : null,
        toggle.equals("upn") ? "ada@contoso.example" : null,
        // phones merge by type: the local "other" number stays (and stays the default)
        toggle.equals("phone")
            ? List.of(new ContactPhone("+1 999", Type.OTHER, true), new ContactPhone("+1 555 0101", Type.WORK, false),
                new ContactPhone("+1 555 0100", Type.MOBILE, false))
            : null);
    assertThat(patch).isEqualTo(expected);
  }

  @Test
  void allTogglesOnOverwriteEveryDifferingField() {
    HostContact contact = local("Ada L.", "old@contoso.example", "Ops", null, List.of());

    assertThat(FieldOverwritePolicy.patch(contact, ada().build(), ALL)).contains(new ContactPatch("contact-ada",
        "Ada Lovelace", "ada.lovelace@contoso.example", "Operations Director", "ada@contoso.example",
        List.of(new ContactPhone("+1 555 0101", Type.WORK, true), new ContactPhone("+1 555 0100", Type.MOBILE, false))));
  }

  @Test
  void equalValuesAreNoChange() {
    HostContact contact = local("Ada Lovelace", "  ADA.Lovelace@Contoso.example ", "Operations Director",
        "ada@contoso.example",
        // same (number, type) pairs, other order and default flags
        List.of(new ContactPhone("+1 555 0100", Type.MOBILE, true), new ContactPhone("+1 555 0101", Type.WORK, false)));

    assertThat(FieldOverwritePolicy.patch(contact, ada().build(), ALL)).isEmpty();
  }

  @Test
  void aPhoneOfAnotherTypeIsAChange() {
    HostContact contact = local("Ada Lovelace", "ada.lovelace@contoso.example", "Operations Director",
        "ada@contoso.example",
        List.of(new ContactPhone("+1 555 0100", Type.WORK, true), new ContactPhone("+1 555 0101", Type.WORK, false)));

    assertThat(FieldOverwritePolicy.patch(contact, ada().build(), ALL).map(ContactPatch::phones))
        .contains(List.of(new ContactPhone("+1 555 0101", Type.WORK, true), new ContactPhone("+1 555 0100", Type.MOBILE, false)));
  }

  @Test
  void aBlankUpstreamValueNeverErasesALocalOne() {
    DirectoryUser blank = DirectoryUser.builder(ID).mail("ada.lovelace@contoso.example").userPrincipalName(" ")
        .displayName(" ").jobTitle("").mobilePhone(null).businessPhones(List.of(" ")).build();
    HostContact contact = local("Ada L.", "ada.lovelace@contoso.example", "Ops", "ada@legacy.example",
        List.of(new ContactPhone("+1 999", Type.WORK, true)));

    // The full name falls back to the email's local part, which is a real value: only that changes.
    assertThat(FieldOverwritePolicy.patch(contact, blank, ALL))
        .contains(new ContactPatch("contact-ada", "ada.lovelace", null, null, null, null));
    assertThat(FieldOverwritePolicy.patch(contact, blank, new FieldSyncConfig(false, true, true, true, true))).isEmpty();
  }

  @Test
  void aMissingEmailUpstreamNeverErasesTheLocalEmail() {
    DirectoryUser noEmail = DirectoryUser.builder(ID).userPrincipalName("ada").displayName("Ada Lovelace").build();
    HostContact contact = local("Ada Lovelace", "ada@contoso.example", null, "ada", List.of());

    assertThat(FieldOverwritePolicy.patch(contact, noEmail, ALL)).isEqualTo(Optional.empty());
  }

  @Test
  void upstreamValuesFillEmptyLocalFieldsWhenTheToggleIsOn() {
    HostContact empty = local(null, null, null, null, List.of());

    assertThat(FieldOverwritePolicy.patch(empty, ada().build(), new FieldSyncConfig(false, false, false, true, false)))
        .contains(new ContactPatch("contact-ada", null, null, "Operations Director", null, null));
  }

  @Test
  void fullNameToggleUsesTheSameFallbackAsCreation() {
    DirectoryUser user = ada().displayName(null).build();
    HostContact contact = local("Ada L.", "ada.lovelace@contoso.example", null, null, List.of());

    assertThat(FieldOverwritePolicy.patch(contact, user, new FieldSyncConfig(true, false, false, false, false)))
        .contains(new ContactPatch("contact-ada", "Ada Lovelace", null, null, null, null));
  }

  // ---- phones merge by type ---------------------------------------------------------------------

  /**
   * Entra knows business (WORK) and mobile numbers: the phone toggle sets or replaces those types
   * only. A type Entra leaves blank keeps its local numbers; OTHER is never touched. Notation: {@code
   * number:TYPE}, {@code *} marks the default, {@code ;} separates phones; "-" is no patch.
   */
  @ParameterizedTest(name = "[{index}] local ''{0}'', Entra business ''{1}'' mobile ''{2}'' -> ''{3}''")
  @CsvSource(nullValues = "null", delimiter = '|', value = {
    // the issue: a work and an "other" number, Entra has only a mobile: both stay, the mobile is added
    "w1:WORK*;o1:OTHER   | null  | m1   | w1:WORK*;o1:OTHER;m1:MOBILE",
    // Entra's business number replaces the local work number in place; the local mobile stays
    "w1:WORK*;m9:MOBILE  | w2    | null | w2:WORK*;m9:MOBILE",
    // Entra's mobile replaces the local mobile; the work number stays, and so does the default
    "m9:MOBILE*;w1:WORK  | null  | m1   | m1:MOBILE*;w1:WORK",
    // several local work numbers become Entra's business numbers
    "w1:WORK*;w2:WORK    | w3;w4 | null | w3:WORK*;w4:WORK",
    // only an "other" number locally: Entra's types are added after it, the default stays
    "o1:OTHER*           | w1    | m1   | o1:OTHER*;w1:WORK;m1:MOBILE",
    // the default was a replaced work number: the first new work number takes it
    "o1:OTHER;w1:WORK*   | w2    | null | o1:OTHER;w2:WORK*",
    // nothing locally: Entra's phones, the first business number the default
    "null                | w1    | m1   | w1:WORK*;m1:MOBILE",
    // the same numbers (other order, other default): no change
    "m1:MOBILE*;w1:WORK  | w1    | m1   | -",
    // Entra has no phone: no change, nothing erased
    "w1:WORK*;o1:OTHER   | null  | null | -",
    // blank values upstream are no values
    "w1:WORK*            | ' '   | ' '  | -",
  })
  void phonesMergeByType(String local, String business, String mobile, String expected) {
    DirectoryUser user = ada().businessPhones(business == null ? List.of() : List.of(business.split(";")))
        .mobilePhone(mobile).build();
    HostContact contact = local("Ada Lovelace", "ada.lovelace@contoso.example", "Operations Director",
        "ada@contoso.example", typed(local));

    Optional<List<ContactPhone>> patched = FieldOverwritePolicy.patch(contact, user, new FieldSyncConfig(false, false,
        true, false, false)).map(ContactPatch::phones);

    if (expected.equals("-")) {
      assertThat(patched).isEmpty();
    } else {
      assertThat(patched).contains(typed(expected));
    }
  }

  private static List<ContactPhone> typed(String spec) {
    if (spec == null || spec.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(spec.split(";")).map(String::strip).map(p -> {
      boolean isDefault = p.endsWith("*");
      String[] parts = (isDefault ? p.substring(0, p.length() - 1) : p).split(":");
      return new ContactPhone(parts[0], Type.valueOf(parts[1]), isDefault);
    }).toList();
  }
}
