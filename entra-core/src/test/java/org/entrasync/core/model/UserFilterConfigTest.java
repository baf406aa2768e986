package org.entrasync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an operator may save as exclude patterns: bounded in number and length, never a catastrophic shape. */
class UserFilterConfigTest {

  /** Each row: a pattern whose matching time can explode with the input, and what the message names. */
  @ParameterizedTest(name = "{0} is refused ({1})")
  @CsvSource(delimiter = ';', textBlock = """
      (a+)+                      ; repeat inside a repeated group
      (a*)*@x                    ; repeat inside a repeated group
      (.*a){12}@x                ; repeat inside a repeated group
      (?:[a-z]+\\.)+contoso      ; repeat inside a repeated group
      ^(\\w+\\s?)*$              ; repeat inside a repeated group
      (a?){20}a{20}              ; repeat inside a repeated group
      ((ab)*c)+                  ; repeat inside a repeated group
      (?<name>x+y)*              ; repeat inside a repeated group
      (a|a)+                     ; alternatives inside a repeated group
      (a|aa)*b                   ; alternatives inside a repeated group
      (?:svc|bot|x)*@            ; alternatives inside a repeated group
      ((a|b)c){2,}               ; alternatives inside a repeated group
      .*a.*a.*a.*a@x             ; unbounded repeats
      a+b+c+d+e+                 ; unbounded repeats
      """)
  void catastrophicShapesAreRefusedNamingThePattern(String pattern, String cause) {
    assertThat(UserFilterConfig.patternProblem(List.of("^ok@", pattern))).hasValueSatisfying(problem -> {
      assertThat(problem).contains("'" + pattern + "'");
      assertThat(problem).contains(cause);
    });
  }

  @Test
  void aConfigurationStoredBeforeTheRulesStaysReadableAndOnlyAnUnusablePatternBreaksIt() {
    List<String> stored = List.of("(.*a){12}@x", "b".repeat(UserFilterConfig.MAX_PATTERN_LENGTH + 1));
    assertThat(new UserFilterConfig(false, false, stored).customPatterns()).isEqualTo(stored);

    assertThatThrownBy(() -> new UserFilterConfig(false, false, List.of("^svc-(")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'^svc-('");
    assertThatThrownBy(() -> new UserFilterConfig(false, false, List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @ParameterizedTest(name = "{0} is accepted")
  @ValueSource(strings = {
    "^svc-",
    "@noreply\\.",
    "^(scanner|printer|fax)@",
    "^[a-z]+\\.test@",
    "(\\.old)?@contoso\\.example$",
    "^.*-svc-.*@.*$",
    "(ab){3}",
    "(?i)^room[0-9]{2,4}@",
    "\\Q(a+)+\\E",
    "[(a+)+]",
    "x{2}y{3}",
    "a\\+b\\*",
    "(?=.*svc)",
  })
  void ordinaryPatternsAreAccepted(String pattern) {
    assertThat(UserFilterConfig.patternProblem(List.of(pattern))).isEmpty();
    assertThat(new UserFilterConfig(false, false, List.of(pattern)).customPatterns()).containsExactly(pattern);
  }

  @Test
  void theNumberOfPatternsIsCapped() {
    List<String> atTheCap = IntStream.range(0, UserFilterConfig.MAX_PATTERNS).mapToObj(i -> "^p" + i + "@").toList();
    assertThat(UserFilterConfig.patternProblem(atTheCap)).isEmpty();

    List<String> overTheCap = IntStream.rangeClosed(0, UserFilterConfig.MAX_PATTERNS).mapToObj(i -> "^p" + i + "@").toList();
    assertThat(UserFilterConfig.patternProblem(overTheCap)).hasValueSatisfying(problem ->
        assertThat(problem).contains(String.valueOf(UserFilterConfig.MAX_PATTERNS)).contains("patterns"));
  }

  @Test
  void theLengthOfAPatternIsCappedAndTheMessageNamesItShortened() {
    String atTheCap = "a".repeat(UserFilterConfig.MAX_PATTERN_LENGTH);
    assertThat(UserFilterConfig.patternProblem(List.of(atTheCap))).isEmpty();

    String overTheCap = "b".repeat(UserFilterConfig.MAX_PATTERN_LENGTH + 1);
    assertThat(UserFilterConfig.patternProblem(List.of(overTheCap))).hasValueSatisfying(problem -> {
      assertThat(problem).contains(String.valueOf(UserFilterConfig.MAX_PATTERN_LENGTH)).contains("bbbb");
      assertThat(problem.length()).as("the message quotes a shortened pattern").isLessThan(300);
    });
  }

  @Test
  void blankAndInvalidPatternsAreRefusedAsBefore() {
    assertThat(UserFilterConfig.patternProblem(List.of(" "))).hasValueSatisfying(p -> assertThat(p).contains("blank"));
    assertThat(UserFilterConfig.patternProblem(Collections.singletonList(null))).isPresent();
    assertThat(UserFilterConfig.patternProblem(List.of("^svc-("))).hasValueSatisfying(p -> assertThat(p).contains("'^svc-('"));
  }
}
