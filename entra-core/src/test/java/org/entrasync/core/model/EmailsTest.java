package org.entrasync.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {
  /** What normalization strips: Unicode whitespace and space separators, written out independently. */
  private static final String BLANK = "[\\t\\n\\u000B\\f\\r\\u001C-\\u001F\\p{Z}]";
  private static final Pattern EDGES = Pattern.compile("^" + BLANK + "+|" + BLANK + "+$");
  /** The shape as a regular expression: the definition the scan in {@link Emails} must agree with. */
  private static final Pattern SHAPE = Pattern.compile(
      "[^@" + BLANK.substring(1, BLANK.length() - 1) + "]+@[^@" + BLANK.substring(1, BLANK.length() - 1) + "]+\\.[^@."
          + BLANK.substring(1, BLANK.length() - 1) + "]+");

  @ParameterizedTest(name = "''{0}'' normalizes to {1}")
  @CsvSource(delimiter = '|', value = {
    "dana@fabrikam.example|dana@fabrikam.example",
    "  Dana.Reyes@Fabrikam.Example  |dana.reyes@fabrikam.example",
    "a@b.c|a@b.c",
    "a@.b.c|a@.b.c",
    "a@b..c|a@b..c",
    "first+tag@sub.domain.example|first+tag@sub.domain.example",
    "'\u00a0Ada@Contoso.example\t'|ada@contoso.example",
    "'\u2007\u202fada@contoso.example\u3000\u2028'|ada@contoso.example",
    "Élodie@Contoso.Example|élodie@contoso.example",
  })
  void emailShapedValuesAreTrimmedAndLowerCased(String value, String normalized) {
    assertThat(Emails.normalize(value)).contains(normalized);
    assertThat(Emails.isEmailShaped(value)).isTrue();
  }

  @ParameterizedTest(name = "''{0}'' is not an email")
  @ValueSource(strings = {
    "", "   ", "dana", "@fabrikam.example", "dana@", "dana@fabrikam", "dana@fabrikam.", "dana@.example",
    "dana@@fabrikam.example", "da@na@fabrikam.example", "dana reyes@fabrikam.example", "dana@fab rikam.example",
    "dana@fabrikam.exa\tmple", "d.ana@example", "dana@fabrikam.example\n.x", "dana\u00a0reyes@fabrikam.example",
    "dana@fabrikam\u2007.example", "\u00a0\t\u202f",
  })
  void otherValuesAreNotEmails(String value) {
    assertThat(Emails.normalize(value)).isEmpty();
  }

  @Test
  void nullIsNotAnEmail() {
    assertThat(Emails.normalize(null)).isEmpty();
  }

  @Test
  void theScanAgreesWithTheRegularExpressionOnGeneratedValues() {
    // Short strings over the characters that matter to the shape, plus letters.
    char[] alphabet = {'a', 'B', '\u00c9', '@', '.', ' ', '\t', '\n', '\u000B', '\f', '\r', '-', '\u00A0', '\u2007',
        '\u202F', '\u3000', '\u2028', '\u001C', '\u200B'};
    Random random = new Random(20261129);
    int emails = 0;
    for (int n = 0; n < 200_000; n++) {
      // Half free-form, half "segment@segment.segment" with segments that may hold anything.
      StringBuilder value = new StringBuilder();
      if (random.nextBoolean()) {
        for (int i = random.nextInt(9); i > 0; i--) {
          value.append(alphabet[random.nextInt(alphabet.length)]);
        }
      } else {
        for (String separator : new String[] {"@", ".", ""}) {
          for (int i = random.nextInt(4); i > 0; i--) {
            value.append(random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
          }
          value.append(separator);
        }
      }
      String text = value.toString();
      String trimmed = EDGES.matcher(text).replaceAll("").toLowerCase(java.util.Locale.ROOT);
      Optional<String> expected = SHAPE.matcher(trimmed).matches() ? Optional.of(trimmed) : Optional.empty();
      assertThat(Emails.normalize(text)).as("'%s'", text).isEqualTo(expected);
      if (expected.isPresent()) {
        emails++;
      }
    }
    assertThat(emails).as("the corpus holds email-shaped values too").isGreaterThan(1_000);
  }

  @Test
  void localPartAndDomainSplitAtTheAt() {
    assertThat(Emails.localPart("dana@fabrikam.example")).isEqualTo("dana");
    assertThat(Emails.domain("dana@fabrikam.example")).isEqualTo("fabrikam.example");
  }
}
