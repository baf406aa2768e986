package org.entrasync.adapters.cipp.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a ListUsers listing resumes. CIPP has no server-side paging, so a resumed listing reads
 * the array again and skips the users already handed out. Format: {@code offset:<n>} optionally
 * followed by {@code ;page:<next page index>} and {@code ;last:<object id of the n-th user>}; with
 * the last id the listing can tell whether the directory shifted meanwhile (then it is reported
 * incomplete, so no deletion is inferred from it).
 */
public record ResumeCursor(int offset, int nextPage, String lastId) {
  private static final Pattern FORMAT =
      Pattern.compile("offset:(\\d{1,9})(?:;page:(\\d{1,9}))?(?:;last:([0-9A-Fa-f-]{36}))?");

  public static final ResumeCursor START = new ResumeCursor(0, 0, null);

  /**
   * Parses a cursor this adapter produced. A null or foreign cursor (for example one from another
   * connection type) starts over at the beginning.
   *
   * @param pageSize to derive the page index when the cursor does not carry one
   */
  public static ResumeCursor parse(String cursor, int pageSize) {
    if (cursor == null || cursor.isBlank()) {
      return START;
    }
    Matcher m = FORMAT.matcher(cursor.strip());
    if (!m.matches()) {
      return null;
    }
    int offset = Integer.parseInt(m.group(1));
    int page = m.group(2) != null ? Integer.parseInt(m.group(2)) : offset / pageSize;
    return new ResumeCursor(offset, page, m.group(3));
  }

  public String format() {
    return "offset:" + offset + ";page:" + nextPage + (lastId == null ? "" : ";last:" + lastId);
  }

  @Override
  public String toString() {
    return format();
  }
}
