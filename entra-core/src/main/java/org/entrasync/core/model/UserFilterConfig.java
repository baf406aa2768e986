package org.entrasync.core.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which users a sync considers, beyond the fixed rules (enabled, with an email identity, not a
 * default service-account pattern).
 *
 * @param customPatterns regular expressions, matched case-insensitively against each normalized
 *     email identity (searched, not anchored: anchor with {@code ^}/{@code $} yourself); each must
 *     compile. When an operator saves them, {@link #patternProblem} also bounds their number and
 *     length and refuses shapes whose matching time explodes with the input (nested repeats,
 *     repeated alternatives, more than three unbounded repeats)
 */
public record UserFilterConfig(boolean includeGuests, boolean licensedOnly, List<String> customPatterns) {
  public static final UserFilterConfig DEFAULT = new UserFilterConfig(false, false, List.of());
  /** At most this many custom patterns per tenant (each is searched in every address of every user). */
  public static final int MAX_PATTERNS = 50;
  /** At most this many characters per custom pattern. */
  public static final int MAX_PATTERN_LENGTH = 200;

  /**
   * Checks only that every pattern is usable (not blank, compiles), so a configuration stored before
   * today's caps and shape rules stays readable; what an operator saves is checked in full with
   * {@link #patternProblem}, and a costly stored pattern is contained at sync time by the user
   * filter's per-user match budget.
   */
  public UserFilterConfig {
    customPatterns = customPatterns == null ? List.of() : List.copyOf(customPatterns);
    for (String pattern : customPatterns) {
      unusable(pattern).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
    }
  }

  /**
   * Why an operator cannot save these exclude patterns (naming the pattern), or empty when they can:
   * at most {@link #MAX_PATTERNS}, each at most {@link #MAX_PATTERN_LENGTH} characters, not blank,
   * compiling, and not of a shape whose matching time explodes with the input.
   */
  public static Optional<String> patternProblem(List<String> patterns) {
    if (patterns == null) {
      return Optional.empty();
    }
    if (patterns.size() > MAX_PATTERNS) {
      return Optional.of("A tenant can have at most " + MAX_PATTERNS + " exclude patterns; got " + patterns.size()
          + ". Combine patterns with '|' or remove some.");
    }
    for (String pattern : patterns) {
      if (pattern != null && pattern.length() > MAX_PATTERN_LENGTH) {
        return Optional.of("Exclude pattern '" + pattern.substring(0, 40) + "...' is " + pattern.length()
            + " characters long; at most " + MAX_PATTERN_LENGTH + " are allowed.");
      }
      Optional<String> unusable = unusable(pattern);
      if (unusable.isPresent()) {
        return unusable;
      }
      Optional<String> cause = PatternShape.catastrophicCause(pattern);
      if (cause.isPresent()) {
        return Optional.of("Exclude pattern '" + pattern + "' has " + cause.get() + ": matching it can take seconds"
            + " per user. Simplify it: no repeat or alternatives inside a repeated group, at most "
            + PatternShape.MAX_UNBOUNDED_REPEATS + " unbounded repeats (for example [a-z.]+ instead of ([a-z]+\\.)+).");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> unusable(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return Optional.of("An exclude pattern cannot be blank.");
    }
    try {
      Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      return Optional.of("Exclude pattern '" + pattern + "' is not a valid regular expression: " + e.getDescription());
    }
    return Optional.empty();
  }

  /** The compiled custom patterns. */
  public List<Pattern> compiledPatterns() {
    return customPatterns.stream().map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
  }
}
