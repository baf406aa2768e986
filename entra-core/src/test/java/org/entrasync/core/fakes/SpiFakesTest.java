package org.entrasync.core.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;

/** The fakes that no contract covers: secrets, flags, access policy and the directory gateway. */
class SpiFakesTest {
  static final MspTenantId A = MspTenantId.of("msp-a");
  static final MspTenantId B = MspTenantId.of("msp-b");
  static final String TENANT = "22222222-2222-4222-8222-222222222222";

  @Test
  void secretsAreScopedByTenantAndListedByNameOnly() {
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    secrets.putTenantSecret(A, SecretKeys.ENTRA_CIPP_API_TOKEN, "token-a");

    assertThat(secrets.getTenantSecret(A, SecretKeys.ENTRA_CIPP_API_TOKEN)).contains("token-a");
    assertThat(secrets.getTenantSecret(B, SecretKeys.ENTRA_CIPP_API_TOKEN)).isEmpty();
    assertThat(secrets.tenantSecretNames(A)).containsExactly(SecretKeys.ENTRA_CIPP_API_TOKEN);

    secrets.deleteTenantSecret(A, SecretKeys.ENTRA_CIPP_API_TOKEN);
    secrets.deleteTenantSecret(A, SecretKeys.ENTRA_CIPP_API_TOKEN);
    assertThat(secrets.tenantSecretNames(A)).isEmpty();

    InMemorySecretProvider readOnly = InMemorySecretProvider.readOnly();
    assertThat(readOnly.isWritable()).isFalse();
    assertThatThrownBy(() -> readOnly.putTenantSecret(A, "k", "v")).isInstanceOf(EntraRejectedException.class);
  }

  @Test
  void flagsStartOffAndAreTargetedPerTenant() {
    InMemoryFeatureFlagProvider flags = new InMemoryFeatureFlagProvider();
    for (FeatureFlags.FlagDefinition definition : FeatureFlags.PHASE_1) {
      assertThat(flags.ensureDefined(definition)).isTrue();
      assertThat(flags.ensureDefined(definition)).isFalse();
      assertThat(flags.isEnabled(A, definition.name())).isFalse();
    }

    flags.addTenantTarget(FeatureFlags.UI, A);
    assertThat(flags.isEnabled(A, FeatureFlags.UI)).isTrue();
    assertThat(flags.isEnabled(B, FeatureFlags.UI)).isFalse();

    flags.set(A, FeatureFlags.UI, false);
    assertThat(flags.isEnabled(A, FeatureFlags.UI)).isFalse();
    flags.enableAllPhase1(B);
    assertThat(FeatureFlags.PHASE_1).allMatch(d -> flags.isEnabled(B, d.name()));
    assertThat(flags.definitions()).hasSize(5);
  }

  @Test
  void accessPolicyByDefaultAndPerActor() {
    Actor admin = Actor.internal(A, "admin");
    Actor reader = Actor.internal(A, "reader");
    Actor portal = new Actor(A, "portal", Actor.UserType.CLIENT_PORTAL);
    StaticAccessPolicy policy = StaticAccessPolicy.withPermissions(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE)
        .grant(reader, Set.of(Permissions.SYSTEM_SETTINGS_READ));

    assertThat(policy.isInternal(admin)).isTrue();
    assertThat(policy.hasPermission(admin, Permissions.SYSTEM_SETTINGS_UPDATE)).isTrue();
    assertThat(policy.hasPermission(reader, Permissions.SYSTEM_SETTINGS_READ)).isTrue();
    assertThat(policy.hasPermission(reader, Permissions.SYSTEM_SETTINGS_UPDATE)).isFalse();
    assertThat(policy.hasPermission(Actor.internal(B, "reader"), Permissions.SYSTEM_SETTINGS_UPDATE)).isTrue();
    assertThat(policy.isInternal(portal)).isFalse();

    policy.grant(A, "admin", false, Set.of(Permissions.SYSTEM_SETTINGS_READ));
    assertThat(policy.isInternal(admin)).isFalse();
    assertThat(StaticAccessPolicy.denyAll().hasPermission(admin, Permissions.SYSTEM_SETTINGS_READ)).isFalse();
  }

  @Test
  void theGatewayPagesResumesAndServesDeltaRounds() {
    EmulatedDirectory directory = new EmulatedDirectory();
    EmulatedTenant tenant = directory.addTenant(TENANT, "Contoso", "contoso.example");
    for (int n = 1; n <= 5; n++) {
      tenant.upsert(EmulatedUser.member(String.format("c0000001-0000-4000-8000-%012d", n), "u" + n + "@contoso.example", "U " + n));
    }
    FakeDirectoryGateway gateway = FakeDirectoryGateway.direct(directory);
    EntraTenantId id = EntraTenantId.of(TENANT);

    List<DirectoryPage> pages = new ArrayList<>();
    ListingOutcome full = gateway.streamUsers(A, id, ListingRequest.full(2), pages::add);
    assertThat(pages).extracting(DirectoryPage::index).containsExactly(0, 1, 2);
    assertThat(pages).extracting(DirectoryPage::resumeCursor).containsExactly(
        FakeDirectoryGateway.cursor(TENANT, ListingRequest.Mode.FULL, 2),
        FakeDirectoryGateway.cursor(TENANT, ListingRequest.Mode.FULL, 4), null);
    assertThat(pages).extracting(p -> p.changes().size()).containsExactly(2, 2, 1);
    assertThat(full.complete()).isTrue();
    assertThat(full.newDeltaCursor()).isEqualTo(Long.toString(directory.currentVersion()));

    pages.clear();
    gateway.streamUsers(A, id, ListingRequest.full(2).resumingAt(FakeDirectoryGateway.cursor(TENANT, ListingRequest.Mode.FULL, 2)), pages::add);
    assertThat(pages).extracting(DirectoryPage::index).containsExactly(1, 2);

    tenant.delete("c0000001-0000-4000-8000-000000000002");
    tenant.disable("c0000001-0000-4000-8000-000000000003");
    pages.clear();
    ListingOutcome delta = gateway.streamUsers(A, id, ListingRequest.delta(full.newDeltaCursor(), 999), pages::add);
    assertThat(pages).hasSize(1);
    assertThat(pages.get(0).changes())
        .hasExactlyElementsOfTypes(DirectoryChange.Removed.class, DirectoryChange.Present.class);
    assertThat(Long.parseLong(delta.newDeltaCursor())).isGreaterThan(Long.parseLong(full.newDeltaCursor()));

    gateway.endListingsAfterPages(1);
    pages.clear();
    assertThat(gateway.streamUsers(A, id, ListingRequest.full(2), pages::add)).isEqualTo(new ListingOutcome(false, null));
    assertThat(pages).hasSize(1);
    gateway.clearFaults();

    assertThatThrownBy(() -> gateway.streamUsers(A, id, ListingRequest.delta("not-a-version", 10), pages::add))
        .isInstanceOf(DeltaCursorExpiredException.class);
    assertThatThrownBy(() -> gateway.streamUsers(A, EntraTenantId.of("33333333-3333-4333-8333-333333333333"),
        ListingRequest.full(10), pages::add)).isInstanceOf(ConsentMissingException.class);
    assertThat(FakeDirectoryGateway.cipp(directory).streamUsers(A, id, ListingRequest.full(10), p -> { }).newDeltaCursor())
        .isNull();
  }
}
