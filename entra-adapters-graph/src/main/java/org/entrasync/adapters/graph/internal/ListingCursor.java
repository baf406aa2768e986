package org.entrasync.adapters.graph.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Where a listing resumes: the customer tenant and mode it belongs to, the Graph link that yields the
 * next page (a {@code nextLink}, or the first URL), how many entries of that page were already handed
 * out (non-zero only when a Graph page was larger than the requested page size), the index of the next
 * page, and the delta link captured when the listing started. Encoded opaquely as {@code
 * g2.<tenant>.<f|d>.<index>.<offset>.<b64 deltaLink>.<b64 link>}. Nothing else is a cursor: a bare
 * Graph next link names no tenant, mode or page index, so resuming at it could read another tenant's
 * pages with this tenant's token or number pages as if the listing had started again (the port's
 * contract: such a cursor starts the listing again instead).
 *
 * @param tenant the customer tenant id the cursor was issued for (lower case)
 */
public record ListingCursor(String tenant, boolean delta, int index, int offset, String deltaLink, String link) {
  private static final String PREFIX = "g2";

  public ListingCursor {
    if (tenant == null || index < 0 || offset < 0 || link == null || link.isBlank()) {
      throw new IllegalArgumentException("invalid listing cursor");
    }
    tenant = tenant.toLowerCase(Locale.ROOT);
  }

  /** The position of the same listing at another page. */
  public ListingCursor at(int newIndex, int newOffset, String newLink) {
    return new ListingCursor(tenant, delta, newIndex, newOffset, deltaLink, newLink);
  }

  /** Whether this cursor may resume a listing of {@code tenantId} in that mode. */
  public boolean belongsTo(String tenantId, boolean deltaMode) {
    return tenant.equals(tenantId.toLowerCase(Locale.ROOT)) && delta == deltaMode;
  }

  public String encode() {
    return PREFIX + "." + tenant + "." + (delta ? "d" : "f") + "." + index + "." + offset + "."
        + b64(deltaLink == null ? "" : deltaLink) + "." + b64(link);
  }

  /** @throws IllegalArgumentException when {@code text} is not a cursor of this adapter */
  public static ListingCursor decode(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty cursor");
    }
    String t = text.strip();
    String[] parts = t.split("\\.", -1);
    if (parts.length != 7 || !PREFIX.equals(parts[0]) || !(parts[2].equals("f") || parts[2].equals("d"))) {
      throw new IllegalArgumentException("not a Graph listing cursor");
    }
    try {
      int index = Integer.parseInt(parts[3]);
      int offset = Integer.parseInt(parts[4]);
      String delta = unb64(parts[5]);
      return new ListingCursor(parts[1], parts[2].equals("d"), index, offset, delta.isEmpty() ? null : delta,
          unb64(parts[6]));
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
    return "ListingCursor[tenant=" + tenant + ", delta=" + delta + ", index=" + index + ", offset=" + offset + "]";
  }
}
