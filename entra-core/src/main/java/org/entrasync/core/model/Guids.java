package org.entrasync.core.model;

import java.util.Locale;

/**
 * The GUID rule of Entra ids: 8-4-4-4-12 hexadecimal digits, stored in lower case, surrounding white
 * space ignored. Checked by hand rather than with a regular expression: every id of every page goes
 * through it (listing entries, links read back), and an id already in canonical form, as Graph sends
 * them, is accepted without a copy.
 */
final class Guids {
  private static final int LENGTH = 36;

  private Guids() {}

  static String require(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (isCanonical(value)) {
      return value;
    }
    String normalized = value.strip().toLowerCase(Locale.ROOT);
    if (!isCanonical(normalized)) {
      throw new IllegalArgumentException(what + " must be a GUID; got '" + value + "'");
    }
    return normalized;
  }

  static boolean isGuid(String value) {
    return value != null && (isCanonical(value) || isCanonical(value.strip().toLowerCase(Locale.ROOT)));
  }

  /** Lower-case hexadecimal digits with dashes at 8, 13, 18 and 23, nothing around them. */
  private static boolean isCanonical(String s) {
    if (s.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = s.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23
          ? c == '-'
          : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
