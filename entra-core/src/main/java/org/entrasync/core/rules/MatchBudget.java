package org.entrasync.core.rules;

/**
 * How much work matching one user's addresses against the tenant's custom exclude patterns may
 * take, all patterns and addresses together, counted in characters the regular expression engine
 * reads ({@link UserFilter} meters them). A user whose matching runs out is skipped ({@code
 * pattern_budget_exceeded}, naming the pattern) instead of pinning the worker.
 *
 * <p>Counted in reads, not in wall-clock time, on purpose: the same user and patterns always get the
 * same verdict (the planner stays a pure function, a dry run predicts the real run, a retried
 * activity plans the same page), a busy or paused JVM does not skip users at random, and the rules
 * read no clock. Reads track the engine's time closely: the default, one million, is a few
 * milliseconds of matching on one core, while ordinary patterns read a few hundred characters per user.
 *
 * @param charReads the reads allowed per user; at least 1
 */
public record MatchBudget(long charReads) {
  /** One million reads per user. */
  public static final MatchBudget DEFAULT = new MatchBudget(1_000_000);

  public MatchBudget {
    if (charReads < 1) {
      throw new IllegalArgumentException("A match budget must allow at least one character read; got " + charReads);
    }
  }

  /** A fresh allowance for one user. */
  Meter start() {
    return new Meter(charReads);
  }

  /** The reads left for one user; not thread-safe (one user is evaluated on one thread). */
  static final class Meter {
    private long left;

    private Meter(long reads) {
      this.left = reads;
    }

    /** {@code text} as the engine sees it, each character read counted against this allowance. */
    CharSequence over(String text) {
      return new MeteredChars(text, 0, text.length(), this);
    }

    void read() {
      if (--left < 0) {
        throw new Exhausted();
      }
    }
  }

  /** Thrown from inside the engine when the allowance is used up; caught by {@link UserFilter}. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("match budget used up", null, false, false);
    }
  }

  /** A read-only view of a string that counts every {@link #charAt} against a meter. */
  private record MeteredChars(String text, int start, int end, Meter meter) implements CharSequence {
    @Override
    public int length() {
      return end - start;
    }

    @Override
    public char charAt(int index) {
      meter.read();
      return text.charAt(start + index);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      if (from < 0 || to > length() || from > to) {
        throw new IndexOutOfBoundsException("subSequence(" + from + ", " + to + ") of " + length());
      }
      return new MeteredChars(text, start + from, start + to, meter);
    }

    @Override
    public String toString() {
      return text.substring(start, end);
    }
  }
}
