package org.entrasync.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.entrasync.spi.FieldLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an upstream can make us hold: every string of a {@link DirectoryUser} is bounded by the
 * documented Entra limit. Names and titles are cut at the limit; identifiers (addresses, phone
 * numbers, the user type) that exceed it are dropped, never cut into another value.
 */
class DirectoryUserBoundsTest {
  private static final String ID = "c0000001-0000-4000-8000-000000000001";

  private static DirectoryUser.Builder user() {
    return DirectoryUser.builder(ID).email("ada@contoso.example");
  }

  private static String address(int length) {
    String domain = "@contoso.example";
    return "a".repeat(length - domain.length()) + domain;
  }

  /** Each row: a text field, its limit, and how to set and read it. */
  static Stream<Arguments> truncatedTexts() {
    return Stream.of(
        Arguments.of("displayName", FieldLimits.DISPLAY_NAME, 256,
            (Function<String, DirectoryUser>) v -> user().displayName(v).build(), (Function<DirectoryUser, String>) DirectoryUser::displayName),
        Arguments.of("givenName", FieldLimits.GIVEN_NAME, 64,
            (Function<String, DirectoryUser>) v -> user().givenName(v).build(), (Function<DirectoryUser, String>) DirectoryUser::givenName),
        Arguments.of("surname", FieldLimits.SURNAME, 64,
            (Function<String, DirectoryUser>) v -> user().surname(v).build(), (Function<DirectoryUser, String>) DirectoryUser::surname),
        Arguments.of("jobTitle", FieldLimits.JOB_TITLE, 128,
            (Function<String, DirectoryUser>) v -> user().jobTitle(v).build(), (Function<DirectoryUser, String>) DirectoryUser::jobTitle));
  }

  @ParameterizedTest(name = "{0} is cut at {2}")
  @MethodSource("truncatedTexts")
  void namesAndTitlesAreCutAtTheEntraLimit(String field, int limit, int documented, Function<String, DirectoryUser> set,
      Function<DirectoryUser, String> get) {
    assertThat(limit).as("the documented Entra limit of %s", field).isEqualTo(documented);

    assertThat(get.apply(set.apply("x".repeat(limit)))).hasSize(limit);
    assertThat(get.apply(set.apply("y".repeat(10_000_000)))).isEqualTo("y".repeat(limit));
    assertThat(get.apply(set.apply(null))).isNull();
    // A character outside the BMP (two chars) is never split: the cut keeps whole code points.
    String emoji = "\uD83D\uDE00";
    String cut = get.apply(set.apply("z" + emoji.repeat(limit)));
    assertThat(cut.length()).isLessThanOrEqualTo(limit);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
    assertThat(cut.codePoints()).allMatch(cp -> cp == 'z' || cp == emoji.codePointAt(0));
  }

  @Test
  void anOverLongAddressIsNotAnEmailIdentityAndIsNeverCutIntoAnother() {
    String longest = address(FieldLimits.EMAIL_ADDRESS);
    String tooLong = address(FieldLimits.EMAIL_ADDRESS + 1);
    assertThat(FieldLimits.EMAIL_ADDRESS).isEqualTo(254);

    assertThat(user().email(longest).build().primaryEmail()).contains(longest);
    DirectoryUser overLong = user().email(tooLong).proxyAddresses(List.of("SMTP:" + tooLong)).build();
    assertThat(overLong.mail()).isNull();
    assertThat(overLong.userPrincipalName()).isNull();
    assertThat(overLong.primaryEmail()).isEmpty();
    assertThat(overLong.emailIdentities()).isEmpty();

    DirectoryUser mailTooLong = user().mail(tooLong).userPrincipalName("ada@contoso.example").build();
    assertThat(mailTooLong.primaryEmail()).contains("ada@contoso.example");
  }

  @Test
  void proxyAddressesAreBoundedInLengthAndCount() {
    String tooLong = "smtp:" + address(FieldLimits.EMAIL_ADDRESS + 1);
    DirectoryUser user = user().proxyAddresses(List.of("SMTP:ada@contoso.example", tooLong, "smtp:a2@contoso.example"))
        .build();
    assertThat(user.proxyAddresses()).containsExactly("SMTP:ada@contoso.example", "smtp:a2@contoso.example");

    List<String> many = IntStream.range(0, 100_000).mapToObj(i -> "smtp:a" + i + "@contoso.example").toList();
    DirectoryUser flooded = user().proxyAddresses(many).build();
    assertThat(flooded.proxyAddresses()).hasSize(FieldLimits.MAX_PROXY_ADDRESSES).isEqualTo(many.subList(0, 400));
    assertThat(FieldLimits.MAX_PROXY_ADDRESSES).isEqualTo(400);
  }

  @Test
  void phonesAndTheUserTypeThatExceedTheirLimitAreDropped() {
    String longest = "+".concat("1".repeat(FieldLimits.PHONE_NUMBER - 1));
    String tooLong = longest + "2";
    DirectoryUser user = user().mobilePhone(tooLong).businessPhones(List.of(tooLong, "+1 555 0100", "+1 555 0101"))
        .userType("G".repeat(FieldLimits.USER_TYPE + 1)).build();

    assertThat(user.mobilePhone()).isNull();
    assertThat(user.businessPhones()).containsExactly("+1 555 0100", "+1 555 0101");
    assertThat(user.userType()).isNull();
    assertThat(user().mobilePhone(longest).build().mobilePhone()).isEqualTo(longest);
    assertThat(FieldLimits.PHONE_NUMBER).isEqualTo(64);

    List<String> flood = IntStream.range(0, 10_000).mapToObj(i -> "+1 555 " + i).toList();
    assertThat(user().businessPhones(flood).build().businessPhones())
        .isEqualTo(flood.subList(0, FieldLimits.MAX_BUSINESS_PHONES));
  }
}
