package org.entrasync.core.model;

import java.util.Locale;

/** An enum with a stable lower-case wire name (stored in the database and printed in outputs). */
public interface WireNamed {
  String name();

  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose wire name is {@code wire}. */
  static <E extends Enum<E> & WireNamed> E fromWire(Class<E> type, String wire) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wireName().equals(wire)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " '" + wire + "'");
  }
}
