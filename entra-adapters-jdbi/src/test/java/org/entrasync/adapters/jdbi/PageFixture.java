package org.entrasync.adapters.jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * A page of {@code size} users that exercises every kind of action in fixed shares (creates 40%,
 * links 20%, updates 10%, unchanged 10%, inactivations 5%, reactivations 5%, queue items 5%, skips
 * 5%; at least one of each), with the host data and earlier links it needs.
 */
final class PageFixture {
  static final EntraTenantId TENANT = EntraTenantId.of("33333333-0000-4000-8000-000000000001");
  static final String CLIENT = "client-1";
  static final Instant SETUP_AT = Instant.parse("2025-04-01T08:00:00Z");
  static final Instant SYNC_AT = Instant.parse("2025-04-01T09:00:00Z");

  final MspTenantId msp;
  final SyncPlan plan;
  private final JdbiStorage storage;
  private final int size;

  private PageFixture(JdbiStorage storage, MspTenantId msp, int size) {
    this.storage = storage;
    this.msp = msp;
    this.size = size;
    this.plan = build();
  }

  /** Seeds the host and earlier links; the returned fixture's {@link #plan} is ready to apply. */
  static PageFixture prepare(JdbiStorage storage, MspTenantId msp, int size) {
    PageFixture fixture = new PageFixture(storage, msp, size);
    fixture.seed();
    return fixture;
  }

  static EntraObjectId user(int i) {
    return EntraObjectId.of(String.format(Locale.ROOT, "d0000000-0000-4000-8000-%012d", i));
  }

  private int share(double fraction) {
    return Math.max(1, (int) Math.round(size * fraction));
  }

  private int links;
  private int updates;
  private int unchanged;
  private int inactivations;
  private int reactivations;
  private int queued;
  private int skips;
  private int creates;

  private SyncPlan build() {
    links = share(0.20);
    updates = share(0.10);
    unchanged = share(0.10);
    inactivations = share(0.05);
    reactivations = share(0.05);
    queued = share(0.05);
    skips = share(0.05);
    creates = size - links - updates - unchanged - inactivations - reactivations - queued - skips;
    if (creates < 1) {
      throw new IllegalArgumentException("Page too small for every kind of action: " + size);
    }
    List<PlannedAction> actions = new ArrayList<>();
    int u = 0;
    for (int i = 0; i < creates; i++, u++) {
      String email = "new-" + u + "@contoso.example";
      actions.add(new PlannedAction.Create(user(u), new NewContact(user(u).value(), CLIENT, "New User " + u, email,
          "Engineer", email, List.of(new ContactPhone("+1 555 " + u, ContactPhone.Type.WORK, true),
              new ContactPhone("+1 666 " + u, ContactPhone.Type.MOBILE, false)))));
    }
    for (int i = 0; i < links; i++, u++) {
      String id = "c-link-" + u;
      actions.add(new PlannedAction.Link(user(u), id, i % 2 == 0
          ? new ContactPatch(id, "Linked User " + u, null, "Analyst", null,
              List.of(new ContactPhone("+1 777 " + u, ContactPhone.Type.WORK, true)))
          : null));
    }
    for (int i = 0; i < updates; i++, u++) {
      String id = "c-known-" + u;
      actions.add(new PlannedAction.Update(user(u), id,
          new ContactPatch(id, "Renamed User " + u, "renamed-" + u + "@contoso.example", "Manager", null, null)));
    }
    for (int i = 0; i < unchanged; i++, u++) {
      actions.add(new PlannedAction.Unchanged(user(u), "c-known-" + u));
    }
    for (int i = 0; i < inactivations; i++, u++) {
      actions.add(new PlannedAction.Inactivate(user(u), "c-known-" + u,
          i % 2 == 0 ? InactiveReason.DISABLED_UPSTREAM : InactiveReason.DELETED_UPSTREAM));
    }
    for (int i = 0; i < reactivations; i++, u++) {
      String id = "c-known-" + u;
      actions.add(new PlannedAction.Reactivate(user(u), id,
          new ContactPatch(id, null, null, "Back Again", null, null)));
    }
    for (int i = 0; i < queued; i++, u++) {
      actions.add(new PlannedAction.Queue(user(u), "dup@contoso.example", "Dup " + u, List.of("c-dup-a", "c-dup-b")));
    }
    for (int i = 0; i < skips; i++, u++) {
      actions.add(new PlannedAction.Skip(user(u), SkipReason.SERVICE_ACCOUNT, "svc"));
    }
    Set<EntraObjectId> seen = new LinkedHashSet<>();
    actions.forEach(a -> seen.add(a.objectId()));
    return new SyncPlan(TENANT, CLIENT, actions, seen);
  }

  private void seed() {
    storage.managedTenants().recordDiscovery(msp,
        List.of(new DiscoveredTenant(TENANT, "Contoso", "contoso.example", size)), SETUP_AT);
    storage.referenceHostSeeder().insertClients(msp,
        List.of(new HostClient(CLIENT, "Contoso", List.of("https://contoso.example"), null, List.of())));
    List<HostContact> contacts = new ArrayList<>();
    contacts.add(contact("c-dup-a", "dup@contoso.example"));
    contacts.add(new HostContact("c-dup-b", CLIENT, "Dup B", "dup.b@contoso.example", null, null, List.of(), false,
        null));
    List<PlannedAction> linkFirst = new ArrayList<>();
    List<PlannedAction> inactivateFirst = new ArrayList<>();
    for (PlannedAction action : plan.actions()) {
      int u = index(action.objectId());
      if (action instanceof PlannedAction.Link) {
        contacts.add(contact("c-link-" + u, "link-" + u + "@contoso.example"));
      } else if (action instanceof PlannedAction.Update || action instanceof PlannedAction.Unchanged
          || action instanceof PlannedAction.Inactivate || action instanceof PlannedAction.Reactivate) {
        contacts.add(contact("c-known-" + u, "known-" + u + "@contoso.example"));
        linkFirst.add(new PlannedAction.Link(action.objectId(), "c-known-" + u, null));
        if (action instanceof PlannedAction.Reactivate) {
          inactivateFirst.add(
              new PlannedAction.Inactivate(action.objectId(), "c-known-" + u, InactiveReason.DISABLED_UPSTREAM));
        }
      }
    }
    storage.referenceHostSeeder().insertContacts(msp, contacts);
    var writer = storage.referenceHostPageWriter();
    writer.apply(msp, new SyncPlan(TENANT, CLIENT, linkFirst, Set.of()), SETUP_AT);
    writer.apply(msp, new SyncPlan(TENANT, CLIENT, inactivateFirst, Set.of()), SETUP_AT);
  }

  private static HostContact contact(String id, String email) {
    return new HostContact(id, CLIENT, "Host " + id, email, null, null, List.of(), false, null);
  }

  private static int index(EntraObjectId id) {
    return Integer.parseInt(id.value().substring(id.value().lastIndexOf('-') + 1));
  }
}
