package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.Removal;
import org.entrasync.core.rules.DeletionDecision.Apply;
import org.entrasync.core.rules.DeletionDecision.Refused;
import org.entrasync.core.rules.DeletionSafety.DeletionInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeletionSafetyTest {

  static final EntraTenantId TENANT = EntraTenantId.of("2a1c0e55-1111-4a11-8a11-000000000001");

  /** {@code n} removals, every other one disabled, the others deleted: both kinds count the same. */
  static List<Removal> vanished(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Removal(EntraObjectId.of(String.format("a0000001-0000-4000-8000-%012d", i)), "contact-" + i,
            i % 2 == 0 ? InactiveReason.DELETED_UPSTREAM : InactiveReason.DISABLED_UPSTREAM))
        .toList();
  }

  /** Default threshold (more than 50% and at least 10), complete non-empty listings. */
  @ParameterizedTest(name = "{1} of {0} vanished -> {2}")
  @CsvSource({
    "20, 10, INACTIVATE",   // exactly 50%: does not trip
    "20, 11, REFUSE",       // 55% with 11 >= 10
    "100, 50, INACTIVATE",  // exactly 50%
    "100, 51, REFUSE",      // 51% with 51 >= 10
    "19, 10, REFUSE",       // 52.6% with exactly the minimum count
    "21, 10, INACTIVATE",   // 47.6%: under the share
    "9, 9, INACTIVATE",     // 100% of 9: below the minimum count
    "10, 9, INACTIVATE",    // 90% but only 9
    "10, 10, REFUSE",       // 100% of 10
    "1, 1, INACTIVATE",     // a one-user tenant loses its user
    "1000, 11, INACTIVATE", // many, but a small share
    "5, 0, INACTIVATE",     // nothing vanished
  })
  void thresholdBoundaries(int active, int gone, String expected) {
    DeletionDecision decision = DeletionSafety.decide(
        new DeletionInput(active, vanished(gone), true, Math.max(1, active - gone), DeletionThreshold.DEFAULT));

    if (expected.equals("INACTIVATE")) {
      assertThat(decision).isEqualTo(new Apply(vanished(gone)));
    } else {
      assertThat(decision).isInstanceOf(Refused.class);
      Refused refused = (Refused) decision;
      assertThat(refused.reason()).isEqualTo(HoldReason.THRESHOLD_TRIPPED);
      assertThat(refused.removalCount()).isEqualTo(gone);
      assertThat(refused.activeLinkCount()).isEqualTo(active);
      assertThat(refused.message()).contains(gone + " of " + active).contains("No contact was inactivated")
          .contains("approves this tenant's held deletions");
    }
  }

  @Test
  void decimalSharesAreExact() {
    // 29% of 100 is 29 (a double product would give 28.999999999999996 and trip).
    DeletionThreshold t = new DeletionThreshold(0.29, 1);
    assertThat(DeletionSafety.trips(29, 100, t)).isFalse();
    assertThat(DeletionSafety.trips(30, 100, t)).isTrue();
  }

  @ParameterizedTest(name = "incomplete listing, {0} vanished")
  @CsvSource({"1", "3", "15"})
  void anIncompleteListingRefusesWhateverVanished(int gone) {
    DeletionDecision decision = DeletionSafety.decide(new DeletionInput(40, vanished(gone), false, 25, DeletionThreshold.DEFAULT));

    assertThat(decision).isInstanceOf(Refused.class);
    assertThat(((Refused) decision).reason()).isEqualTo(HoldReason.INCOMPLETE_LISTING);
    assertThat(((Refused) decision).message()).contains("did not complete").contains("No contact was inactivated");
  }

  @Test
  void anIncompleteListingWhereNothingVanishedIsNothingToDo() {
    assertThat(DeletionSafety.decide(new DeletionInput(40, List.of(), false, 25, DeletionThreshold.DEFAULT)))
        .isEqualTo(new Apply(List.of()));
  }

  @Test
  void anEmptyListingWithActiveLinksRefuses() {
    // 3 of 3 would not trip the threshold on its own (below the minimum count).
    DeletionDecision decision = DeletionSafety.decide(new DeletionInput(3, vanished(3), true, 0, DeletionThreshold.DEFAULT));

    assertThat(decision).isInstanceOf(Refused.class);
    Refused refused = (Refused) decision;
    assertThat(refused.reason()).isEqualTo(HoldReason.EMPTY_LISTING);
    assertThat(refused.message()).contains("no users").contains("No contact was inactivated").contains("permission");
  }

  @Test
  void anEmptyListingWithoutLinksIsNothingToDo() {
    assertThat(DeletionSafety.decide(new DeletionInput(0, List.of(), true, 0, DeletionThreshold.DEFAULT)))
        .isEqualTo(new Apply(List.of()));
  }

  @Test
  void incompleteWinsOverEmptyAndThreshold() {
    DeletionDecision decision = DeletionSafety.decide(new DeletionInput(20, vanished(20), false, 0, DeletionThreshold.DEFAULT));
    assertThat(((Refused) decision).reason()).isEqualTo(HoldReason.INCOMPLETE_LISTING);
  }

  @Test
  void aCustomThreshold() {
    DeletionThreshold strict = new DeletionThreshold(0.1, 2);
    assertThat(DeletionSafety.decide(new DeletionInput(20, vanished(2), true, 18, strict))).isEqualTo(new Apply(vanished(2)));
    assertThat(DeletionSafety.decide(new DeletionInput(20, vanished(3), true, 17, strict))).isInstanceOf(Refused.class);
  }

  @ParameterizedTest(name = "threshold({0}, {1}) is invalid")
  @CsvSource({"0, 10", "-0.1, 10", "1.01, 10", "NaN, 10", "0.5, 0", "0.5, -1"})
  void thresholdIsValidated(double share, int min) {
    assertThatThrownBy(() -> new DeletionThreshold(share, min)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultThresholdIsHalfAndTen() {
    assertThat(DeletionThreshold.DEFAULT).isEqualTo(new DeletionThreshold(0.5, 10));
    assertThat(new DeletionThreshold(1.0, 1).maxShare()).isEqualTo(1.0);
  }

  @Test
  void anEmptyDeltaRoundIsNotAnEmptyListing() {
    // A delta round that reports only removals lists no present user; that is normal for a delta.
    assertThat(DeletionSafety.decide(new DeletionInput(40, vanished(2), true, false, 0, DeletionThreshold.DEFAULT)))
        .isEqualTo(new Apply(vanished(2)));
  }
}
