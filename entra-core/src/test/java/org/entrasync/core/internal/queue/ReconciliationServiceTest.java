package org.entrasync.core.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A link made outside a listing (an operator resolving a queue item) gets the enabled fields at the
 * next sync, delta included, although the user did not change upstream; a contact created from a
 * queue item gets every value Entra had.
 */
class ReconciliationServiceTest {
  static final MspTenantId MSP = MspTenantId.of("msp-queue");
  static final String TENANT = "33333333-3333-4333-8333-333333333333";
  static final EntraTenantId TENANT_ID = EntraTenantId.of(TENANT);
  static final String CLIENT = "client-tailspin";
  static final EntraObjectId BEA = EntraObjectId.of("b0000001-0000-4000-8000-000000000001");

  InMemoryEntrasync app;
  EmulatedTenant tailspin;

  @BeforeEach
  void queuedBea() {
    app = InMemoryEntrasync.create();
    tailspin = app.directory().addTenant(TENANT, "Tailspin", "tailspin.example");
    app.clients().add(MSP, CLIENT, "Tailspin", "https://tailspin.example");
    app.connect(MSP, ConnectionType.DIRECT);
    app.saveSettings(MSP, new SyncSettings(new FieldSyncConfig(true, false, true, true, false), UserFilterConfig.DEFAULT,
        true, SyncSettings.DEFAULT_INTERVAL_MINUTES));
    EmulatedUser bea = EmulatedUser.member(BEA.value(), "bea@tailspin.example", "Bea Novak");
    tailspin.upsert(new EmulatedUser(bea.id(), bea.userPrincipalName(), bea.mail(), bea.displayName(), bea.givenName(),
        bea.surname(), true, "Member", "Head of Sales", "+1 555 0700", List.of("+1 555 0701"), 1, bea.proxyAddresses()));
    app.contacts().seed(MSP, "contact-bea-1", CLIENT, "B. Novak", "bea@tailspin.example");
    app.contacts().seed(MSP, "contact-bea-2", CLIENT, "Bea N.", "BEA@tailspin.example");
    app.discover(MSP);
    app.map(MSP, TENANT, CLIENT);
    assertThat(app.syncTenant(MSP, TENANT).counters()).isEqualTo(SyncCounters.ZERO.withAmbiguous(1));
    assertThat(app.managedTenants().find(MSP, TENANT_ID).orElseThrow().deltaCursor()).isNotNull();
    app.clock().advance(Duration.ofHours(1));
  }

  ReconciliationService service() {
    return new ReconciliationService(app.queue(), app.links(), app.contacts(), app.managedTenants(), app.clock());
  }

  @Test
  void afterResolvingToAnExistingContactTheNextDeltaSyncAppliesTheEnabledFields() {
    service().resolveToExisting(MSP, "operator", BEA, "contact-bea-2");

    TenantSyncOutcome next = app.syncTenant(MSP, TENANT);

    HostContact bea = app.contacts().find(MSP, "contact-bea-2").orElseThrow();
    assertThat(bea.fullName()).isEqualTo("Bea Novak");
    assertThat(bea.role()).isEqualTo("Head of Sales");
    assertThat(bea.phones()).extracting(ContactPhone::number).containsExactly("+1 555 0701", "+1 555 0700");
    assertThat(next.counters()).isEqualTo(SyncCounters.ZERO.withUpdated(1));
  }

  @Test
  void aContactCreatedFromAQueueItemGetsEveryValueEntraHad() {
    String id = service().resolveToNew(MSP, "operator", BEA);

    HostContact created = app.contacts().find(MSP, id).orElseThrow();
    assertThat(created.fullName()).isEqualTo("Bea Novak");
    assertThat(created.email().toLowerCase(Locale.ROOT)).isEqualTo("bea@tailspin.example");
    assertThat(created.role()).isEqualTo("Head of Sales");
    assertThat(created.userPrincipalName()).isEqualTo("bea@tailspin.example");
    assertThat(created.phones()).containsExactly(new ContactPhone("+1 555 0701", ContactPhone.Type.WORK, true),
        new ContactPhone("+1 555 0700", ContactPhone.Type.MOBILE, false));
  }
}
