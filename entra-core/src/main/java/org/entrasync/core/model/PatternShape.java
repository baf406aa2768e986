package org.entrasync.core.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Recognises the shapes of regular expression whose matching time explodes with the input under a
 * backtracking engine such as {@code java.util.regex}:
 *
 * <ul>
 *   <li>a repeat inside a repeated group ({@code (a+)+}, {@code (.*a){12}}, {@code (a?){20}}): the
 *       engine tries every way of splitting the input between the inner and the outer repeat;
 *   <li>alternatives inside a repeated group ({@code (a|aa)+}, {@code (a|a)*}): every iteration may
 *       pick either branch;
 *   <li>more than {@link #MAX_UNBOUNDED_REPEATS} unbounded repeats in a row of the pattern ({@code
 *       .*a.*a.*a.*a}): the work grows as the input length to that power.
 * </ul>
 *
 * A group is repeated when its quantifier allows more than one iteration ({@code *}, {@code +},
 * {@code {n}} with n &gt; 1, {@code {n,}}, {@code {n,m}} with m &gt; 1); {@code (...)?} is not. The
 * check is deliberately conservative (it also refuses some harmless patterns such as {@code
 * ([a-z]+\.)+}, which a flat character class like {@code [a-z.]+} expresses); the per-user match
 * budget of the user filter covers what it does not recognise. Runs on a pattern that compiles.
 */
final class PatternShape {
  static final int MAX_UNBOUNDED_REPEATS = 3;

  private PatternShape() {}

  /** What makes the pattern catastrophic, or empty. */
  static Optional<String> catastrophicCause(String pattern) {
    return new Scan(pattern).run();
  }

  /** What one open group has seen so far. */
  private static final class Group {
    boolean repeat;
    boolean alternatives;
  }

  private static final class Scan {
    private final String p;
    private final Deque<Group> open = new ArrayDeque<>();
    private int i;
    private int unbounded;

    Scan(String pattern) {
      this.p = pattern;
      open.push(new Group());
    }

    Optional<String> run() {
      while (i < p.length()) {
        char c = p.charAt(i);
        switch (c) {
          case '\\' -> {
            skipEscape();
            Optional<String> cause = quantifier(null);
            if (cause.isPresent()) {
              return cause;
            }
          }
          case '[' -> {
            skipClass();
            Optional<String> cause = quantifier(null);
            if (cause.isPresent()) {
              return cause;
            }
          }
          case '(' -> openGroup();
          case ')' -> {
            i++;
            Group closed = open.size() > 1 ? open.pop() : new Group();
            Optional<String> cause = quantifier(closed);
            if (cause.isPresent()) {
              return cause;
            }
            // What a group holds counts for the groups around it.
            open.peek().repeat |= closed.repeat;
            open.peek().alternatives |= closed.alternatives;
          }
          case '|' -> {
            open.peek().alternatives = true;
            i++;
          }
          default -> {
            i++;
            Optional<String> cause = quantifier(null);
            if (cause.isPresent()) {
              return cause;
            }
          }
        }
      }
      return Optional.empty();
    }

    /** Reads the quantifier after an atom, if any; {@code group} is the atom when it was a group. */
    private Optional<String> quantifier(Group group) {
      if (i >= p.length()) {
        return Optional.empty();
      }
      char c = p.charAt(i);
      long max;
      if (c == '*' || c == '+') {
        max = Long.MAX_VALUE;
        i++;
      } else if (c == '?') {
        max = 1;
        i++;
      } else if (c == '{' && isCountedRepeat()) {
        max = countedMax();
      } else {
        return Optional.empty();
      }
      if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
        i++; // lazy or possessive: the same number of iterations
      }
      if (max == Long.MAX_VALUE && ++unbounded > MAX_UNBOUNDED_REPEATS) {
        return Optional.of("more than " + MAX_UNBOUNDED_REPEATS + " unbounded repeats (*, + or {n,})");
      }
      if (group != null && max > 1) {
        if (group.repeat) {
          return Optional.of("a repeat inside a repeated group, as in (a+)+ or (.*a){12}");
        }
        if (group.alternatives) {
          return Optional.of("alternatives inside a repeated group, as in (a|aa)+");
        }
      }
      open.peek().repeat = true;
      return Optional.empty();
    }

    private boolean isCountedRepeat() {
      int close = p.indexOf('}', i);
      return close > i + 1 && p.substring(i + 1, close).matches("\\d+(,\\d*)?");
    }

    /** Consumes {@code {n}}, {@code {n,}} or {@code {n,m}}; the maximum, Long.MAX_VALUE when open. */
    private long countedMax() {
      int close = p.indexOf('}', i);
      String body = p.substring(i + 1, close);
      i = close + 1;
      int comma = body.indexOf(',');
      String upper = comma < 0 ? body : body.substring(comma + 1);
      if (upper.isEmpty()) {
        return Long.MAX_VALUE;
      }
      return upper.length() > 9 ? Long.MAX_VALUE - 1 : Long.parseLong(upper);
    }

    private void openGroup() {
      i++;
      if (i < p.length() && p.charAt(i) == '?') {
        int j = i + 1;
        while (j < p.length() && (Character.isLetter(p.charAt(j)) || p.charAt(j) == '-')) {
          j++;
        }
        if (j < p.length() && p.charAt(j) == ')' && j > i + 1) {
          i = j + 1; // inline flags such as (?i): no group
          return;
        }
      }
      open.push(new Group());
    }

    /** Skips an escape: one character, a \p{..}/\x{..}/\N{..} with braces, \k<name>, or a \Q..\E quote. */
    private void skipEscape() {
      if (i + 1 >= p.length()) {
        i = p.length();
        return;
      }
      char e = p.charAt(i + 1);
      i += 2;
      if (e == 'Q') {
        int end = p.indexOf("\\E", i);
        i = end < 0 ? p.length() : end + 2;
      } else if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && i < p.length() && p.charAt(i) == '{') {
        int end = p.indexOf('}', i);
        i = end < 0 ? p.length() : end + 1;
      } else if (e == 'k' && i < p.length() && p.charAt(i) == '<') {
        int end = p.indexOf('>', i);
        i = end < 0 ? p.length() : end + 1;
      }
    }

    /** Skips a character class, nested classes and escapes included; a leading ']' is a literal. */
    private void skipClass() {
      int depth = 0;
      boolean first = true;
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == '\\') {
          skipEscape();
          first = false;
          continue;
        }
        if (c == '[') {
          depth++;
          first = true;
          i++;
          if (i < p.length() && p.charAt(i) == '^') {
            i++;
          }
          continue;
        }
        if (c == ']' && !first) {
          depth--;
          i++;
          if (depth == 0) {
            return;
          }
          continue;
        }
        first = false;
        i++;
      }
    }
  }
}
