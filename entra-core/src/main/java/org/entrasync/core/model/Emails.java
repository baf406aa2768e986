package org.entrasync.core.model;

import java.util.Optional;
import org.entrasync.spi.EmailNormalization;

/**
 * Email addresses as the library compares them: normalized by {@link EmailNormalization} (every
 * Unicode whitespace and space separator stripped from both ends, lower case), and email-shaped.
 */
public final class Emails {
  private Emails() {}

  /** The normalized address, or empty when the value is blank or not email-shaped. */
  public static Optional<String> normalize(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalized = EmailNormalization.normalize(value);
    return normalized != null && hasEmailShape(normalized) ? Optional.of(normalized) : Optional.empty();
  }

  /**
   * Deliberately simple: exactly one '@', a non-empty local part, a domain with a dot that has
   * characters on both sides of its last dot, no whitespace or space separator anywhere (what the
   * regular expression {@code [^@\s\p{Z}]+@[^@\s\p{Z}]+\.[^@\s\p{Z}.]+} accepts, {@code \s} in its
   * Unicode sense). A scan, not that expression: every user's
   * addresses pass through here several times per sync, and the matcher was a measurable share of
   * the planning CPU.
   */
  private static boolean hasEmailShape(String s) {
    int at = s.indexOf('@');
    if (at <= 0 || s.indexOf('@', at + 1) >= 0) {
      return false;
    }
    int lastDot = s.lastIndexOf('.');
    if (lastDot <= at + 1 || lastDot == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // ASCII letters, digits and punctuation are the common case: only look further above space.
      if (c <= ' ' || c >= '\u0080') {
        if (EmailNormalization.isStripped(s.codePointAt(i))) {
          return false;
        }
      }
    }
    return true;
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
