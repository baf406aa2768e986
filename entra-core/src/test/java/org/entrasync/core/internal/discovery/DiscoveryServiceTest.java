package org.entrasync.core.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.FakeDirectoryGateway;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiscoveryServiceTest {
  static final MspTenantId MSP = MspTenantId.of("msp-discovery");
  static final MspTenantId OTHER_MSP = MspTenantId.of("msp-other");
  static final String CONTOSO = "22222222-0000-4000-8000-000000000001";
  static final String FABRIKAM = "22222222-0000-4000-8000-000000000002";
  static final String NORTHWIND = "22222222-0000-4000-8000-000000000003";

  InMemoryEntrasync app;
  Instant t0;

  @BeforeEach
  void setUp() {
    app = InMemoryEntrasync.create();
    t0 = app.clock().instant();
    app.directory().addTenant(CONTOSO, "Contoso Ltd", "contoso.example")
        .upsert(EmulatedUser.member("c0000001-0000-4000-8000-000000000001", "ada@contoso.example", "Ada Lovelace"));
    app.directory().addTenant(FABRIKAM, "Fabrikam Inc", "fabrikam.example");
  }

  private ManagedTenant tenant(String id) {
    return app.managedTenants().find(MSP, EntraTenantId.of(id)).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(ConnectionType.class)
  void theFirstDiscoveryInsertsEveryListedTenant(ConnectionType connection) {
    app.connect(MSP, connection);

    assertThat(app.discover(MSP)).isEqualTo(2);

    assertThat(app.managedTenants().list(MSP)).extracting(ManagedTenant::displayName)
        .containsExactly("Contoso Ltd", "Fabrikam Inc");
    ManagedTenant contoso = tenant(CONTOSO);
    assertThat(contoso.primaryDomain()).isEqualTo("contoso.example");
    assertThat(contoso.sourceUserCount()).isEqualTo(1);
    assertThat(contoso.present()).isTrue();
    assertThat(contoso.discoveredAt()).isEqualTo(t0);
    assertThat(contoso.lastSeenAt()).isEqualTo(t0);
  }

  @Test
  void aLaterDiscoveryUpdatesChangedTenantsMarksVanishedOnesAndPicksUpNewOnes() {
    app.connect(MSP, ConnectionType.DIRECT);
    app.discover(MSP);
    app.managedTenants().saveDeltaCursor(MSP, EntraTenantId.of(CONTOSO), "42");
    app.managedTenants().recordCompletedSync(MSP, EntraTenantId.of(CONTOSO), 1, t0);

    app.directory().requireTenant(CONTOSO).rename("Contoso Group").defaultDomainName("contoso-group.example")
        .upsert(EmulatedUser.member("c0000001-0000-4000-8000-000000000002", "grace@contoso.example", "Grace Hopper"));
    app.directory().removeTenant(FABRIKAM);
    app.directory().addTenant(NORTHWIND, "Northwind Traders", "northwind.example");
    Instant t1 = app.clock().advance(Duration.ofDays(1));

    assertThat(app.discover(MSP)).isEqualTo(2);

    ManagedTenant contoso = tenant(CONTOSO);
    assertThat(contoso.displayName()).isEqualTo("Contoso Group");
    assertThat(contoso.primaryDomain()).isEqualTo("contoso-group.example");
    assertThat(contoso.sourceUserCount()).isEqualTo(2);
    assertThat(contoso.discoveredAt()).isEqualTo(t0);
    assertThat(contoso.lastSeenAt()).isEqualTo(t1);
    assertThat(contoso.deltaCursor()).isEqualTo("42");          // sync state survives rediscovery
    assertThat(contoso.lastSyncEligibleUsers()).isEqualTo(1);

    ManagedTenant fabrikam = tenant(FABRIKAM);                   // never deleted
    assertThat(fabrikam.present()).isFalse();
    assertThat(fabrikam.lastSeenAt()).isEqualTo(t0);

    ManagedTenant northwind = tenant(NORTHWIND);
    assertThat(northwind.present()).isTrue();
    assertThat(northwind.discoveredAt()).isEqualTo(t1);
    assertThat(app.managedTenants().list(MSP)).hasSize(3);

    // The tenant comes back: present again, first discovery time kept.
    app.directory().addTenant(FABRIKAM, "Fabrikam Inc", "fabrikam.example");
    Instant t2 = app.clock().advance(Duration.ofDays(1));
    app.discover(MSP);
    assertThat(tenant(FABRIKAM).present()).isTrue();
    assertThat(tenant(FABRIKAM).discoveredAt()).isEqualTo(t0);
    assertThat(tenant(FABRIKAM).lastSeenAt()).isEqualTo(t2);
  }

  @Test
  void discoveryOfOneMspTenantLeavesAnotherAlone() {
    app.connect(MSP, ConnectionType.CIPP);
    app.connect(OTHER_MSP, ConnectionType.CIPP);
    app.discover(OTHER_MSP);
    app.directory().removeTenant(FABRIKAM);

    app.discover(MSP);

    assertThat(app.managedTenants().list(OTHER_MSP)).hasSize(2).allMatch(ManagedTenant::present);
    assertThat(app.managedTenants().list(MSP)).extracting(t -> t.id().value()).containsExactly(CONTOSO);
  }

  @Test
  void discoveryRefusesWithoutAConnection() {
    assertThatThrownBy(() -> app.discover(MSP))
        .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_CONNECTED));
    assertThat(app.managedTenants().list(MSP)).isEmpty();
  }

  @Test
  void aFailedListingWritesNothing() {
    app.connect(MSP, ConnectionType.DIRECT);
    app.discover(MSP);
    app.directory().removeTenant(FABRIKAM);
    app.directGateway().failNext(FakeDirectoryGateway.Operation.LIST_TENANTS, new EntraUnavailableException("Graph is down"));

    assertThatThrownBy(() -> app.discover(MSP)).isInstanceOf(EntraUnavailableException.class);

    assertThat(app.managedTenants().list(MSP)).hasSize(2).allMatch(ManagedTenant::present);
    assertThat(app.managedTenants().list(MSP)).extracting(ManagedTenant::lastSeenAt).containsOnly(t0);
    assertThat(List.of(app.discover(MSP))).containsExactly(1);
  }
}
