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
