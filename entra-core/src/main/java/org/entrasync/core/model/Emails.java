package org.entrasync.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Email normalization, the one definition every matcher uses: trim, then lower case. */
public final class Emails {
  // Deliberately simple: one '@', a non-empty local part, a dotted domain, no whitespace.
  private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

  private Emails() {}

  /** The normalized address, or empty when the value is blank or not email-shaped. */
  public static Optional<String> normalize(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.strip().toLowerCase(Locale.ROOT);
    return EMAIL_SHAPE.matcher(trimmed).matches() ? Optional.of(trimmed) : Optional.empty();
  }

  public static boolean isEmailShaped(String value) {
    return normalize(value).isPresent();
  }

  /** The part before the '@' of a normalized address. */
  public static String localPart(String normalizedEmail) {
    int at = normalizedEmail.indexOf('@');
    return at < 0 ? normalizedEmail : normalizedEmail.substring(0, at);
  }

  /** The part after the '@' of a normalized address. */
  public static String domain(String normalizedEmail) {
    int at = normalizedEmail.indexOf('@');
    return at < 0 ? "" : normalizedEmail.substring(at + 1);
  }
}
