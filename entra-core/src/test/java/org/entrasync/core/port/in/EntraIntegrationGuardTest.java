package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Set;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.junit.jupiter.api.Test;

/**
 * The facade's guard over the in-memory core: who may administer the feature flags, and for which
 * tenant. The full-stack refusal table lives in the example host's {@code EntraIntegrationFacadeTest}.
 */
class EntraIntegrationGuardTest {
  private static final MspTenantId OWN = MspTenantId.of("own-msp");
  private static final MspTenantId OTHER = MspTenantId.of("other-msp");

  private final InMemoryEntrasync core = InMemoryEntrasync.create();
  private final StaticAccessPolicy access = StaticAccessPolicy.denyAll();
  private final EntraIntegration facade = EntraIntegration.builder()
      .edition(Edition.ENTERPRISE).secrets(core.secrets()).flags(core.flags()).access(access)
      .install(core.plugin()).install(in -> in.launcher(new NoLauncher())).build();

  private Actor actor(MspTenantId tenant, String... permissions) {
    Actor actor = Actor.internal(tenant, "user-" + permissions.length);
    access.grant(actor, Set.of(permissions));
    return actor;
  }

  @Test
  void anMspAdminCannotSwitchAFlagOnForAnotherMspTenant() {
    Actor mspAdmin = actor(OWN, Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE);

    Throwable thrown = catchThrowable(() -> facade.addFlagTarget(mspAdmin, FeatureFlags.UI, OTHER));

    assertThat(thrown).isInstanceOf(RefusedException.class);
    assertThat(((RefusedException) thrown).refusal()).isEqualTo(Refusal.FORBIDDEN);
    assertThat(core.flags().isEnabled(OTHER, FeatureFlags.UI)).isFalse();
  }

  @Test
  void anMspAdminWithoutThePlatformPermissionCannotTargetEvenItsOwnTenant() {
    Actor mspAdmin = actor(OWN, Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE);

    Throwable thrown = catchThrowable(() -> facade.addFlagTarget(mspAdmin, FeatureFlags.UI, OWN));

    assertThat(thrown).isInstanceOf(RefusedException.class).hasMessageContaining(Permissions.ENTRA_FLAGS_MANAGE);
    assertThat(((RefusedException) thrown).refusal()).isEqualTo(Refusal.FORBIDDEN);
    assertThat(core.flags().isEnabled(OWN, FeatureFlags.UI)).isFalse();
  }

  @Test
  void thePlatformPermissionTargetsOnlyTheActorsOwnTenant() {
    Actor operator = actor(OWN, Permissions.SYSTEM_SETTINGS_UPDATE, Permissions.ENTRA_FLAGS_MANAGE);

    Throwable thrown = catchThrowable(() -> facade.addFlagTarget(operator, FeatureFlags.UI, OTHER));
    assertThat(thrown).isInstanceOf(RefusedException.class).hasMessageContaining(OTHER.value());
    assertThat(((RefusedException) thrown).refusal()).isEqualTo(Refusal.FORBIDDEN);
    assertThat(core.flags().isEnabled(OTHER, FeatureFlags.UI)).isFalse();

    facade.addFlagTarget(operator, FeatureFlags.UI, OWN);
    assertThat(core.flags().isEnabled(OWN, FeatureFlags.UI)).isTrue();
    assertThat(core.flags().isEnabled(OTHER, FeatureFlags.UI)).isFalse();
  }

  @Test
  void aMissingTargetIsRefusedValidation() {
    Actor operator = actor(OWN, Permissions.SYSTEM_SETTINGS_UPDATE, Permissions.ENTRA_FLAGS_MANAGE);

    Throwable thrown = catchThrowable(() -> facade.addFlagTarget(operator, FeatureFlags.UI, null));

    assertThat(thrown).isInstanceOf(RefusedException.class);
    assertThat(((RefusedException) thrown).refusal()).isEqualTo(Refusal.VALIDATION);
  }

  @Test
  void creatingTheFlagDefinitionsNeedsOnlyTheUpdatePermissionAndEveryFlagOff() {
    Actor mspAdmin = actor(OWN, Permissions.SYSTEM_SETTINGS_UPDATE);

    assertThat(facade.ensurePhase1Flags(mspAdmin)).hasSize(FeatureFlags.PHASE_1.size());
    for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
      assertThat(core.flags().isEnabled(OWN, flag.name())).as(flag.name()).isFalse();
      assertThat(core.flags().isEnabled(OTHER, flag.name())).as(flag.name()).isFalse();
    }
  }
}
