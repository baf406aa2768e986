package org.entrasync.adapters.graph.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a listing resumes: the Graph link that yields the next page (a {@code nextLink}, or the first
 * URL), how many entries of that page were already handed out (non-zero only when a Graph page was
 * larger than the requested page size), the index of the next page, and the delta link captured when
 * the listing started. Encoded opaquely as {@code g1.<index>.<offset>.<b64 deltaLink>.<b64 link>}; a
 * bare {@code https://} next link is accepted as well (index 0, no delta link).
 */
public record ListingCursor(int index, int offset, String deltaLink, String link) {
  private static final String PREFIX = "g1";

  public ListingCursor {
    if (index < 0 || offset < 0 || link == null || link.isBlank()) {
      throw new IllegalArgumentException("invalid listing cursor");
    }
  }

  public String encode() {
    return PREFIX + "." + index + "." + offset + "." + b64(deltaLink == null ? "" : deltaLink) + "." + b64(link);
  }

  /** @throws IllegalArgumentException when {@code text} is not a cursor of this adapter */
  public static ListingCursor decode(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty cursor");
    }
    String t = text.strip();
    if (t.startsWith("https://") || t.startsWith("http://")) {
      return new ListingCursor(0, 0, null, t);
    }
    String[] parts = t.split("\\.", -1);
    if (parts.length != 5 || !PREFIX.equals(parts[0])) {
      throw new IllegalArgumentException("not a Graph listing cursor");
    }
    try {
      int index = Integer.parseInt(parts[1]);
      int offset = Integer.parseInt(parts[2]);
      String delta = unb64(parts[3]);
      return new ListingCursor(index, offset, delta.isEmpty() ? null : delta, unb64(parts[4]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Graph listing cursor");
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ListingCursor[index=" + index + ", offset=" + offset + "]";
  }
}
