package org.entrasync.core.internal.sync;

import java.util.List;
import java.util.Locale;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;

/** Shared set-up of the sync use-case tests: one MSP, one customer tenant mapped to one client. */
final class SyncFixture {
  static final MspTenantId MSP = MspTenantId.of("msp-one");
  static final String TENANT = "22222222-2222-4222-8222-222222222222";
  static final EntraTenantId TENANT_ID = EntraTenantId.of(TENANT);
  static final String CLIENT = "client-contoso";
  static final String OTHER_CLIENT = "client-fabrikam";

  final InMemoryEntrasync app;
  final EmulatedTenant contoso;

  private SyncFixture(InMemoryEntrasync app, ConnectionType connection) {
    this.app = app;
    this.contoso = app.directory().addTenant(TENANT, "Contoso Ltd", "contoso.example");
    app.clients().add(MSP, CLIENT, "Contoso", "https://www.contoso.example");
    app.clients().add(MSP, OTHER_CLIENT, "Fabrikam", "https://fabrikam.example");
    app.connect(MSP, connection);
  }

  static SyncFixture cipp() {
    return new SyncFixture(InMemoryEntrasync.create(), ConnectionType.CIPP);
  }

  static SyncFixture on(ConnectionType connection) {
    return new SyncFixture(InMemoryEntrasync.create(), connection);
  }

  static SyncFixture with(InMemoryEntrasync.Builder builder, ConnectionType connection) {
    return new SyncFixture(builder.build(), connection);
  }

  /** Discovers the directory and maps the tenant to {@link #CLIENT}. */
  SyncFixture mapped() {
    app.discover(MSP);
    app.map(MSP, TENANT, CLIENT);
    return this;
  }

  static String uid(int n) {
    return String.format(Locale.ROOT, "c0000001-0000-4000-8000-%012d", n);
  }

  /** An enabled, licensed member {@code name@contoso.example} with id {@code uid(n)}. */
  static EmulatedUser member(int n, String name) {
    String local = name.toLowerCase(Locale.ROOT).replace(' ', '.');
    return EmulatedUser.member(uid(n), local + "@contoso.example", name);
  }

  static EmulatedUser memberWithEmail(int n, String email, String name) {
    return EmulatedUser.member(uid(n), email, name);
  }

  static EmulatedUser guest(int n, String name) {
    EmulatedUser m = member(n, name);
    return new EmulatedUser(m.id(), m.userPrincipalName(), m.mail(), m.displayName(), m.givenName(), m.surname(),
        true, "Guest", null, null, List.of(), 0, m.proxyAddresses());
  }

  static EmulatedUser withoutEmail(int n, String name) {
    return new EmulatedUser(uid(n), "no-email-" + n, null, name, name, null, true, "Member", null, null, List.of(),
        1, List.of());
  }

  HostContact seedContact(String id, String clientId, String name, String email) {
    return app.contacts().seed(MSP, id, clientId, name, email);
  }

  HostContact contact(String id) {
    return app.contacts().find(MSP, id).orElseThrow(() -> new AssertionError("no contact " + id));
  }

  /** The contact linked to a user, by the user's number. */
  HostContact contactOf(int n) {
    String contactId = app.links().findActiveByObjectIds(MSP, TENANT_ID,
            List.of(org.entrasync.core.model.EntraObjectId.of(uid(n))))
        .values().stream().findFirst().orElseThrow(() -> new AssertionError("user " + n + " is not linked"))
        .contactId();
    return contact(contactId);
  }

  ManagedTenant tenant() {
    return app.managedTenants().find(MSP, TENANT_ID).orElseThrow();
  }

  void settings(FieldSyncConfig fields, boolean markInactiveWhenDisabled) {
    app.saveSettings(MSP, new SyncSettings(fields, UserFilterConfig.DEFAULT, markInactiveWhenDisabled,
        SyncSettings.DEFAULT_INTERVAL_MINUTES));
  }

  TenantSyncOutcome sync() {
    return app.syncTenant(MSP, TENANT);
  }

  TenantSyncOutcome dryRun() {
    return app.dryRunTenant(MSP, TENANT);
  }
}
