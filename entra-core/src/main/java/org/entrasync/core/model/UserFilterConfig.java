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
 *     email identity (searched, not anchored: anchor with {@code ^}/{@code $} yourself); validated
 *     here so an invalid pattern is refused when the settings are saved
 */
public record UserFilterConfig(boolean includeGuests, boolean licensedOnly, List<String> customPatterns) {
  public static final UserFilterConfig DEFAULT = new UserFilterConfig(false, false, List.of());

  public UserFilterConfig {
    customPatterns = customPatterns == null ? List.of() : List.copyOf(customPatterns);
    patternProblem(customPatterns).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  /**
   * Why these exclude patterns cannot be saved (naming the pattern), or empty when they can: the
   * check the constructor makes, offered to callers that validate an operator's input before
   * building anything.
   */
  public static Optional<String> patternProblem(List<String> patterns) {
    if (patterns == null) {
      return Optional.empty();
    }
    for (String pattern : patterns) {
      if (pattern == null || pattern.isBlank()) {
        return Optional.of("An exclude pattern cannot be blank.");
      }
      try {
        Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        return Optional.of("Exclude pattern '" + pattern + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    return Optional.empty();
  }

  /** The compiled custom patterns. */
  public List<Pattern> compiledPatterns() {
    return customPatterns.stream().map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
  }
}
