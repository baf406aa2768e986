package org.entrasync.core.model;

import java.util.List;
import java.util.Objects;
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
    for (String pattern : customPatterns) {
      Objects.requireNonNull(pattern, "pattern");
      if (pattern.isBlank()) {
        throw new IllegalArgumentException("An exclude pattern cannot be blank");
      }
      try {
        Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Exclude pattern '" + pattern + "' is not a valid regular expression: " + e.getDescription(), e);
      }
    }
  }

  /** The compiled custom patterns. */
  public List<Pattern> compiledPatterns() {
    return customPatterns.stream().map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
  }
}
