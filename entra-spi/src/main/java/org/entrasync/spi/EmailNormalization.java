package org.entrasync.spi;

import java.util.Locale;

/**
 * The one definition of a normalized email address, shared by the library and every host: strip
 * from both ends every character that is Unicode whitespace ({@link Character#isWhitespace}: tab,
 * line breaks, ...) or a Unicode space separator ({@link Character#isSpaceChar}: the no-break
 * spaces U+00A0, U+2007 and U+202F included, which {@link String#strip()} keeps), then lower-case
 * with {@link Locale#ROOT}.
 *
 * <p>A host implementing {@link HostContactDirectory#findByEmails} compares its contacts' addresses
 * normalized exactly so. SQL's {@code lower(btrim(email))} is <em>not</em> this definition (it keeps
 * tabs and no-break spaces, and its case folding depends on the database locale): a host that
 * matches in SQL stores {@link #normalize} of each address in a column and compares that.
 */
public final class EmailNormalization {
  private EmailNormalization() {}

  /** The normalized value, or null when {@code value} is null or nothing is left after stripping. */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    int start = 0;
    int end = value.length();
    while (start < end) {
      int cp = value.codePointAt(start);
      if (!isStripped(cp)) {
        break;
      }
      start += Character.charCount(cp);
    }
    while (end > start) {
      int cp = value.codePointBefore(end);
      if (!isStripped(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return start == end ? null : value.substring(start, end).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code codePoint} is whitespace or a space separator (what {@link #normalize} strips). */
  public static boolean isStripped(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
