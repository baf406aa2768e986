package org.entrasync.adapters.cipp.internal;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entrasync.core.model.EntraTenantId;

/**
 * Where a user listing resumes: the ListGraphRequest answer to read next ({@code link}: the first
 * page, or the Graph {@code nextLink} CIPP handed out), how many of its rows were already handed
 * out ({@code skip}; non-zero only when CIPP answered more rows than a page holds), and the index of
 * the next page. Bound to the tenant it was issued for: a cursor of another tenant, another
 * connection type or an older format is foreign, and the listing starts over.
 *
 * <p>Format: {@code cipp:v2;tenant=<id>;page=<n>;skip=<k>;link=<first | https://graph.microsoft.com/...>}.
 */
public record PageCursor(EntraTenantId tenant, int nextPage, int skip, String link) {
  /** The longest next link accepted (Graph's are a few hundred characters). */
  static final int MAX_LINK_LENGTH = 8192;
  private static final String FIRST = "first";
  private static final String GRAPH = "https://graph.microsoft.com/";
  private static final Pattern FORMAT = Pattern.compile(
      "cipp:v2;tenant=([0-9A-Fa-f-]{36});page=(\\d{1,9});skip=(\\d{1,9});link=(.{1," + MAX_LINK_LENGTH + "})");

  public PageCursor {
    Objects.requireNonNull(tenant, "tenant");
    if (nextPage < 0 || skip < 0) {
      throw new IllegalArgumentException("nextPage and skip cannot be negative");
    }
    if (link != null && !isGraphLink(link)) {
      throw new IllegalArgumentException("a next link must be a Microsoft Graph URL");
    }
  }

  /** The start of a listing of {@code tenant}. */
  public static PageCursor start(EntraTenantId tenant) {
    return new PageCursor(tenant, 0, 0, null);
  }

  /**
   * The cursor of a listing of {@code tenant}: {@link #start} for null; null for a cursor this
   * adapter did not issue for that tenant (the caller starts over).
   */
  public static PageCursor parse(String cursor, EntraTenantId tenant) {
    if (cursor == null || cursor.isBlank()) {
      return start(tenant);
    }
    Matcher m = FORMAT.matcher(cursor.strip());
    if (!m.matches() || !m.group(1).equalsIgnoreCase(tenant.value())) {
      return null;
    }
    String link = m.group(4);
    if (!link.equals(FIRST) && !isGraphLink(link)) {
      return null;
    }
    return new PageCursor(tenant, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        link.equals(FIRST) ? null : link);
  }

  /** Whether {@code link} is a Microsoft Graph URL of acceptable length (CIPP refuses any other host). */
  public static boolean isGraphLink(String link) {
    return link != null && link.length() <= MAX_LINK_LENGTH && link.startsWith(GRAPH) && link.chars().noneMatch(
        ch -> ch <= ' ' || ch == 0x7f);
  }

  public String format() {
    return "cipp:v2;tenant=" + tenant.value() + ";page=" + nextPage + ";skip=" + skip + ";link="
        + (link == null ? FIRST : link);
  }

  @Override
  public String toString() {
    return format();
  }
}
