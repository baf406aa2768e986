package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailNormalizationTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("plain", "ada@contoso.example", "ada@contoso.example"),
        Arguments.of("ASCII spaces and case", "  Ada@Contoso.Example ", "ada@contoso.example"),
        Arguments.of("tab and line breaks", "\tada@contoso.example\r\n", "ada@contoso.example"),
        Arguments.of("no-break space (kept by String.strip)", "\u00a0Ada@Contoso.example\t", "ada@contoso.example"),
        Arguments.of("figure and narrow no-break spaces", "\u2007ada@contoso.example\u202f", "ada@contoso.example"),
        Arguments.of("ideographic space, line separator", "\u3000ada@contoso.example\u2028", "ada@contoso.example"),
        Arguments.of("inner spaces stay (not an address then)", "ada lovelace@contoso.example", "ada lovelace@contoso.example"),
        Arguments.of("non-ASCII case folds in Locale.ROOT", "ÉLODIE@CONTOSO.EXAMPLE", "élodie@contoso.example"),
        Arguments.of("dotted capital I is not Turkish here", "IDA@CONTOSO.EXAMPLE", "ida@contoso.example"),
        Arguments.of("only blanks", "\u00a0\t \u202f", null),
        Arguments.of("empty", "", null),
        Arguments.of("null", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalizes(String label, String value, String expected) {
    assertThat(EmailNormalization.normalize(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isIdempotent(String label, String value, String expected) {
    assertThat(EmailNormalization.normalize(EmailNormalization.normalize(value))).isEqualTo(expected);
  }
}
