package org.entrasync.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The flags as a type: each known by its name in the host's flag system, and only those. */
class FeatureFlagTest {

  @ParameterizedTest
  @EnumSource(FeatureFlag.class)
  void eachFlagIsFoundByItsNameAndDefinedUnderIt(FeatureFlag flag) {
    assertThat(FeatureFlag.byName(flag.flagName())).contains(flag);
    assertThat(flag.definition().name()).isEqualTo(flag.flagName());
    assertThat(flag.definition().description()).isNotBlank();
    assertThat(flag).hasToString(flag.flagName());
  }

  @Test
  void anUnknownNameIsNoFlag() {
    assertThat(FeatureFlag.byName("entra-integration-everything")).isEmpty();
    assertThat(FeatureFlag.byName("ENTRA-INTEGRATION-UI")).isEmpty();
    assertThat(FeatureFlag.byName(null)).isEmpty();
  }

  @Test
  void thePhase1DefinitionsAreTheFlagsDefinitions() {
    assertThat(FeatureFlags.PHASE_1).extracting(FeatureFlags.FlagDefinition::name)
        .containsExactly(FeatureFlags.UI, FeatureFlags.CLIENT_SYNC_ACTION, FeatureFlags.CIPP, FeatureFlags.FIELD_SYNC,
            FeatureFlags.AMBIGUOUS_QUEUE);
  }

  @Test
  void aProviderIsAskedByTheFlagsName() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    FeatureFlagProvider provider = new FeatureFlagProvider() {
      @Override
      public boolean isEnabled(MspTenantId tenant, String flag) {
        asked.add(flag);
        return true;
      }

      @Override
      public boolean ensureDefined(FeatureFlags.FlagDefinition definition) {
        return false;
      }

      @Override
      public void addTenantTarget(String flag, MspTenantId tenant) {
        asked.add("target " + flag);
      }
    };
    provider.isEnabled(MspTenantId.of("msp-1"), FeatureFlag.CIPP);
    provider.addTenantTarget(FeatureFlag.FIELD_SYNC, MspTenantId.of("msp-1"));
    assertThat(asked).containsExactly("entra-integration-cipp", "target entra-integration-field-sync");
  }
}
