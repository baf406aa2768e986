package org.entrasync.core.model;

import java.util.Locale;
import java.util.regex.Pattern;

final class Guids {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private Guids() {}

  static String require(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String normalized = value.strip().toLowerCase(Locale.ROOT);
    if (!GUID.matcher(normalized).matches()) {
      throw new IllegalArgumentException(what + " must be a GUID; got '" + value + "'");
    }
    return normalized;
  }

  static boolean isGuid(String value) {
    return value != null && GUID.matcher(value.strip().toLowerCase(Locale.ROOT)).matches();
  }
}
