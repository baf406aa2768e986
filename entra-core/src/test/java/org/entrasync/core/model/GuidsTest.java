package org.entrasync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The GUID rule of Entra object and tenant ids: canonical form, lower case, surrounding space ignored. */
class GuidsTest {

  @ParameterizedTest(name = "''{0}'' is ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "c0000001-0000-4000-8000-000000000001|c0000001-0000-4000-8000-000000000001",
      "C0000001-ABCD-4000-8000-00000000000F|c0000001-abcd-4000-8000-00000000000f",
      "'  0a1b2c3d-4e5f-6789-abcd-ef0123456789\t'|0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      "'\u20030a1b2c3d-4e5f-6789-abcd-ef0123456789\u2003'|0a1b2c3d-4e5f-6789-abcd-ef0123456789",
  })
  void aGuidIsNormalized(String value, String expected) {
    assertThat(Guids.require(value, "Entra object id")).isEqualTo(expected);
    assertThat(Guids.isGuid(value)).isTrue();
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {
      "", "   ", "not-a-guid",
      "{c0000001-0000-4000-8000-000000000001}",
      "c0000001000040008000000000000001",
      "c0000001-0000-4000-8000-00000000001",
      "c0000001-0000-4000-8000-0000000000011",
      "c0000001-0000-4000-8000_000000000001",
      "g0000001-0000-4000-8000-000000000001",
      "c0000001-0000-4000-8000-00000000000\u0661",
      "c0000001-0000-4000-8000-00000000000\uff11",
      "c0000001--000-4000-8000-000000000001",
      "c0000001-0000-4000-8000-000000000001 x",
      "\u00a0c0000001-0000-4000-8000-000000000001", // a no-break space is not white space to strip()
  })
  void anythingElseIsRefusedNamingTheValue(String value) {
    assertThat(Guids.isGuid(value)).isFalse();
    assertThatThrownBy(() -> Guids.require(value, "Entra tenant id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Entra tenant id must be a GUID; got '" + value + "'");
  }

  @ParameterizedTest(name = "null")
  @ValueSource(strings = "Entra object id")
  void aMissingIdIsRefused(String what) {
    assertThat(Guids.isGuid(null)).isFalse();
    assertThatThrownBy(() -> Guids.require(null, what)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Entra object id is missing");
  }
}
