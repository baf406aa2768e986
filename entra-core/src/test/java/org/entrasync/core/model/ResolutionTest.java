package org.entrasync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A queue item's resolution: the stored texts operators and hosts already read, as one type. */
class ResolutionTest {

  static Stream<Arguments> resolutions() {
    return Stream.of(
        Arguments.of(Resolution.linked("c-1"), "linked:c-1", QueueStatus.RESOLVED),
        Arguments.of(Resolution.created("c-2"), "created:c-2", QueueStatus.RESOLVED),
        Arguments.of(Resolution.autoLinked("c-3"), "auto-linked:c-3", QueueStatus.RESOLVED),
        Arguments.of(Resolution.autoCreated("contact-x:y"), "auto-created:contact-x:y", QueueStatus.RESOLVED),
        Arguments.of(Resolution.DISMISSED, "dismissed", QueueStatus.DISMISSED));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("resolutions")
  void eachResolutionHasItsStoredTextAndStatusAndReadsBack(Resolution resolution, String text, QueueStatus status) {
    assertThat(resolution.text()).isEqualTo(text);
    assertThat(resolution.status()).isEqualTo(status);
    assertThat(Resolution.parse(text)).isEqualTo(resolution);
  }

  @Test
  void aResolutionNamesItsContactAndADismissalNone() {
    assertThatThrownBy(() -> Resolution.linked(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Resolution(Resolution.Kind.AUTO_CREATED, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Resolution(Resolution.Kind.DISMISSED, "c-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resolution.parse("merged:c-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
