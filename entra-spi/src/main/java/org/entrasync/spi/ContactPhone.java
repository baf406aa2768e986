package org.entrasync.spi;

import java.util.Objects;

/** A phone number of a host contact. */
public record ContactPhone(String number, Type type, boolean isDefault) {
  public ContactPhone {
    if (number == null || number.isBlank()) {
      throw new IllegalArgumentException("A phone needs a number");
    }
    Objects.requireNonNull(type, "type");
    number = number.strip();
  }

  /**
   * An immutable copy of phones bound for the host, refused beyond {@link
   * FieldLimits#MAX_CONTACT_PHONES} phones or {@link FieldLimits#PHONE_NUMBER} characters a number.
   * (A phone read from the host is not bounded: the host's data is the host's.)
   */
  static java.util.List<ContactPhone> bounded(java.util.List<ContactPhone> phones) {
    if (phones.size() > FieldLimits.MAX_CONTACT_PHONES) {
      throw new IllegalArgumentException("A contact can carry at most " + FieldLimits.MAX_CONTACT_PHONES + " phones; got "
          + phones.size());
    }
    for (ContactPhone phone : phones) {
      FieldLimits.requireAtMost(Objects.requireNonNull(phone, "phone").number(), FieldLimits.PHONE_NUMBER, "A phone number");
    }
    return java.util.List.copyOf(phones);
  }

  /** The kind of number; the sync sets only the work (business) and mobile numbers Entra has. */
  public enum Type {
    WORK,
    MOBILE,
    OTHER;

    /** The lower-case wire name ({@code work}, {@code mobile}, {@code other}). */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
