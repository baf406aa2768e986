package org.entrasync.adapters.graph.internal;

import java.util.regex.Pattern;

/**
 * Keeps remote text safe to put in a log line or an exception message: JWT-shaped strings and long
 * opaque tokens become {@code <redacted>}, and only a bounded first line survives.
 */
public final class Redaction {
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?");
  private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_\\-]{40,}");
  private static final int MAX = 300;

  private Redaction() {}

  /** The first line of {@code text}, token-like runs replaced, at most 300 characters; null stays null. */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String line = text.strip();
    int eol = indexOfLineBreak(line);
    if (eol >= 0) {
      line = line.substring(0, eol).strip();
    }
    line = JWT.matcher(line).replaceAll("<redacted>");
    line = OPAQUE.matcher(line).replaceAll("<redacted>");
    return line.length() > MAX ? line.substring(0, MAX) + "..." : line;
  }

  private static int indexOfLineBreak(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }
}
