package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.contract.ContractData.at;
import static org.entrasync.core.contract.ContractData.discovered;
import static org.entrasync.core.contract.ContractData.tenant;
import static org.entrasync.core.contract.ContractData.user;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SystemActor;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SyncPageWriter} must do with one page's plan: contacts created, patched,
 * inactivated and reactivated; links upserted and marked seen; queue items upserted and resolved;
 * the same plan applied twice leaves the same state; nothing of another MSP tenant is touched.
 *
 * <p>Replays: applying a page again (an activity retried after its first attempt committed) creates
 * no second contact, link or queue item, and reports the same counters as the first application,
 * since the retry's result is the one that gets recorded.
 *
 * <p>The contract reads the results back through the ports of the same storage and host.
 */
public abstract class SyncPageWriterContract {
  protected static final String CLIENT = "client-contoso";

  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  protected abstract SyncPageWriter writer();

  /** The host contacts the writer writes to. */
  protected abstract HostContactDirectory contacts();

  protected abstract ContactLinkRepository links();

  protected abstract ReconciliationQueueRepository queue();

  protected abstract ManagedTenantRepository managedTenants();

  /** Adds clients and contacts to the host as the host itself would, with the ids given. */
  protected abstract void seedHost(MspTenantId msp, List<HostClient> clients, List<HostContact> contacts);

  @BeforeEach
  void seed() {
    msp = ContractData.newMsp("writer");
    otherMsp = ContractData.newMsp("writer-other");
    for (MspTenantId tenant : List.of(msp, otherMsp)) {
      managedTenants().recordDiscovery(tenant, List.of(discovered(1, "Contoso")), at(0));
      seedHost(tenant,
          List.of(new HostClient(CLIENT, "Contoso", List.of("https://contoso.example"), null, List.of())),
          List.of(
              contact("contact-ada", "Ada L.", "ada@contoso.example"),
              contact("contact-bob-1", "Bob One", "bob@contoso.example"),
              contact("contact-bob-2", "Bob Two", "robert@contoso.example")));
    }
  }

  protected static HostContact contact(String id, String name, String email) {
    return new HostContact(id, CLIENT, name, email, null, null, List.of(), false, null);
  }

  protected static PlannedAction.Create create(int user, String name, String email) {
    return new PlannedAction.Create(user(user), new NewContact(user(user).value(), CLIENT, name, email, "Engineer",
        email, List.of(new ContactPhone("+1 555 01" + String.format("%02d", user), ContactPhone.Type.WORK, true))));
  }

  protected static SyncPlan plan(PlannedAction... actions) {
    Set<EntraObjectId> seen = new LinkedHashSet<>();
    for (PlannedAction action : actions) {
      seen.add(action.objectId());
    }
    return new SyncPlan(tenant(1), CLIENT, List.of(actions), seen);
  }

  private ContactLink activeLink(MspTenantId tenant, int user) {
    return links().findActiveByObjectIds(tenant, tenant(1), List.of(user(user))).get(user(user));
  }

  private HostContact contactById(MspTenantId tenant, String id) {
    List<HostContact> found = contacts().findByIds(tenant, List.of(id));
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void createMakesAContactAndLinksIt() {
    SyncPlan plan = plan(create(1, "Grace Hopper", "grace@contoso.example"));
    PageWriteResult result = writer().apply(msp, plan, at(10));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1));
    assertThat(result.refused()).isEmpty();
    ContactLink link = activeLink(msp, 1);
    assertThat(link.clientId()).isEqualTo(CLIENT);
    assertThat(link.syncInactivated()).isNull();
    HostContact created = contactById(msp, link.contactId());
    assertThat(created.clientId()).isEqualTo(CLIENT);
    assertThat(created.fullName()).isEqualTo("Grace Hopper");
    assertThat(created.email()).isEqualTo("grace@contoso.example");
    assertThat(created.role()).isEqualTo("Engineer");
    assertThat(created.phones()).containsExactly(new ContactPhone("+1 555 0101", ContactPhone.Type.WORK, true));
    assertThat(created.inactive()).isFalse();
  }

  @Test
  void createResolvesTheIdentitysOpenItemAsAutoCreatedAndMarksItsLinkSeenAndSynced() {
    queue().upsertOpen(msp, List.of(new ReconciliationItem(tenant(1), user(3), CLIENT, "grace@contoso.example",
        "Grace", List.of("contact-ada", "contact-bob-1"), QueueStatus.OPEN, null, null, at(1), null)));

    PageWriteResult result = writer().apply(msp, plan(create(3, "Grace Hopper", "grace@contoso.example")), at(10));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1));
    ContactLink link = activeLink(msp, 3);
    assertThat(link.lastSeenAt()).isEqualTo(at(10));
    assertThat(link.lastSyncedAt()).isEqualTo(at(10));
    assertThat(queue().findOpen(msp, tenant(1), user(3))).isEmpty();
    ReconciliationItem closed = queue().findLatestByObjectIds(msp, tenant(1), List.of(user(3))).get(user(3));
    assertThat(closed.status()).isEqualTo(QueueStatus.RESOLVED);
    assertThat(closed.resolvedBy()).isEqualTo(SystemActor.SYNC.id());
    assertThat(closed.resolvedAt()).isEqualTo(at(10));
    assertThat(Resolution.parse(closed.resolution())).isEqualTo(Resolution.autoCreated(link.contactId()));
  }

  @Test
  void createTakesOverADetachedLinkOfTheIdentityWithoutItsOldReason() {
    // an operator detached the identity from the contact it had been linked to
    links().upsert(msp, List.of(new ContactLink(tenant(1), user(1), "contact-bob-2", CLIENT, false,
        InactiveReason.DELETED_UPSTREAM, at(20), at(20))));

    PageWriteResult result = writer().apply(msp, plan(create(1, "Grace Hopper", "grace@contoso.example")), at(30));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1));
    ContactLink link = activeLink(msp, 1);
    assertThat(link.contactId()).isNotEqualTo("contact-bob-2");
    assertThat(contactById(msp, link.contactId()).fullName()).isEqualTo("Grace Hopper");
    assertThat(link.syncInactivated()).isNull();
    assertThat(link.lastSeenAt()).isEqualTo(at(30));
    assertThat(contactById(msp, "contact-bob-2").fullName()).as("the old contact stays").isEqualTo("Bob Two");
  }

  @Test
  void linkLinksTheContactAppliesItsPatchAndResolvesTheOpenQueueItem() {
    queue().upsertOpen(msp, List.of(new ReconciliationItem(tenant(1), user(2), CLIENT, "ada@contoso.example",
        "Ada", List.of("contact-ada", "contact-bob-1"), QueueStatus.OPEN, null, null, at(1), null)));
    ContactPatch patch = new ContactPatch("contact-ada", "Ada Lovelace", null, "Director", null, null);
    PageWriteResult result = writer().apply(msp, plan(new PlannedAction.Link(user(2), "contact-ada", patch)), at(10));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withLinked(1));
    assertThat(activeLink(msp, 2).contactId()).isEqualTo("contact-ada");
    HostContact ada = contactById(msp, "contact-ada");
    assertThat(ada.fullName()).isEqualTo("Ada Lovelace");
    assertThat(ada.role()).isEqualTo("Director");
    assertThat(ada.email()).isEqualTo("ada@contoso.example");
    assertThat(queue().findOpen(msp, tenant(1), user(2))).isEmpty();
    ReconciliationItem closed = queue().findLatestByObjectIds(msp, tenant(1), List.of(user(2))).get(user(2));
    assertThat(closed.status()).isEqualTo(QueueStatus.RESOLVED);
    assertThat(closed.resolution()).contains("contact-ada");
  }

  @Test
  void theSyncClosesQueueItemsAsTheOneSyncActorWithATypedResolution() {
    queue().upsertOpen(msp, List.of(new ReconciliationItem(tenant(1), user(2), CLIENT, "ada@contoso.example",
        "Ada", List.of("contact-ada", "contact-bob-1"), QueueStatus.OPEN, null, null, at(1), null)));

    writer().apply(msp, plan(new PlannedAction.Link(user(2), "contact-ada", null)), at(10));

    ReconciliationItem closed = queue().findLatestByObjectIds(msp, tenant(1), List.of(user(2))).get(user(2));
    assertThat(closed.resolvedBy()).as("whichever writer applies the page").isEqualTo(SystemActor.SYNC.id());
    assertThat(Resolution.parse(closed.resolution())).isEqualTo(Resolution.autoLinked("contact-ada"));
  }

  @Test
  void updatePatchesOnlyTheGivenFieldsAndUnchangedWritesNoContactField() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null),
        new PlannedAction.Link(user(2), "contact-bob-1", null)), at(10));
    PageWriteResult result = writer().apply(msp, plan(
        new PlannedAction.Update(user(1), "contact-ada",
            new ContactPatch("contact-ada", null, null, "CTO", null,
                List.of(new ContactPhone("+1 555 0199", ContactPhone.Type.MOBILE, false)))),
        new PlannedAction.Unchanged(user(2), "contact-bob-1")), at(20));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withUpdated(1).withUnchanged(1));
    HostContact ada = contactById(msp, "contact-ada");
    assertThat(ada.fullName()).isEqualTo("Ada L.");
    assertThat(ada.role()).isEqualTo("CTO");
    assertThat(ada.phones()).containsExactly(new ContactPhone("+1 555 0199", ContactPhone.Type.MOBILE, false));
    assertThat(contactById(msp, "contact-bob-1")).isEqualTo(contact("contact-bob-1", "Bob One", "bob@contoso.example"));
    assertThat(activeLink(msp, 2).contactId()).isEqualTo("contact-bob-1");
  }

  @Test
  void inactivateRecordsTheReasonAndReactivateClearsIt() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null)), at(10));

    PageWriteResult inactivated = writer().apply(msp,
        plan(new PlannedAction.Inactivate(user(1), "contact-ada", InactiveReason.DISABLED_UPSTREAM)), at(20));
    assertThat(inactivated.counters()).isEqualTo(SyncCounters.ZERO.withInactivated(1));
    HostContact ada = contactById(msp, "contact-ada");
    assertThat(ada.inactive()).isTrue();
    assertThat(ada.inactiveReason()).isEqualTo("disabled_upstream");
    assertThat(activeLink(msp, 1).syncInactivated()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);

    PageWriteResult reactivated = writer().apply(msp, plan(new PlannedAction.Reactivate(user(1), "contact-ada",
        new ContactPatch("contact-ada", "Ada Lovelace", null, null, null, null))), at(30));
    assertThat(reactivated.counters()).isEqualTo(SyncCounters.ZERO.withReactivated(1));
    ada = contactById(msp, "contact-ada");
    assertThat(ada.inactive()).isFalse();
    assertThat(ada.inactiveReason()).isNull();
    assertThat(ada.fullName()).isEqualTo("Ada Lovelace");
    assertThat(activeLink(msp, 1).syncInactivated()).isNull();
  }

  @Test
  void queueUpsertsOneOpenItemForTheMappedClient() {
    PlannedAction.Queue queued = new PlannedAction.Queue(user(3), "bob@contoso.example", "Bob",
        List.of("contact-bob-1", "contact-bob-2"));
    PageWriteResult result = writer().apply(msp, plan(queued), at(10));
    writer().apply(msp, plan(queued), at(11));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withAmbiguous(1));
    ReconciliationItem item = queue().findOpen(msp, tenant(1), user(3)).orElseThrow();
    assertThat(item.clientId()).isEqualTo(CLIENT);
    assertThat(item.candidateContactIds()).containsExactly("contact-bob-1", "contact-bob-2");
    assertThat(queue().listAll(msp)).hasSize(1);
    assertThat(links().findActiveByObjectIds(msp, tenant(1), List.of(user(3)))).isEmpty();
  }

  @Test
  void seenIdentitiesAreMarkedSeenAtTheSyncTime() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null),
        new PlannedAction.Link(user(2), "contact-bob-1", null)), at(10));
    SyncPlan skipOnly = new SyncPlan(tenant(1), CLIENT,
        List.of(new PlannedAction.Skip(user(1), SkipReason.GUEST, null)), Set.of(user(1)));
    PageWriteResult result = writer().apply(msp, skipOnly, at(50));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withSkipped(1));
    assertThat(activeLink(msp, 1).lastSeenAt()).isEqualTo(at(50));
    assertThat(activeLink(msp, 2).lastSeenAt()).isEqualTo(at(10));
    assertThat(links().findActiveNotSeenSince(msp, tenant(1), at(40)))
        .extracting(ContactLink::objectId).containsExactly(user(2));
  }

  @Test
  void skipsWriteNothing() {
    SyncPlan plan = plan(new PlannedAction.Skip(user(7), SkipReason.SERVICE_ACCOUNT, "svc-backup"));
    PageWriteResult result = writer().apply(msp, plan, at(10));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withSkipped(1));
    assertThat(result.refused()).isEmpty();
    assertThat(links().listAll(msp)).isEmpty();
    assertThat(queue().listAll(msp)).isEmpty();
  }

  private SyncPlan mixedPlan() {
    return plan(
        create(1, "Grace Hopper", "grace@contoso.example"),
        create(2, "Linus T", "linus@contoso.example"),
        new PlannedAction.Link(user(3), "contact-ada",
            new ContactPatch("contact-ada", "Ada Lovelace", null, null, null, null)),
        new PlannedAction.Queue(user(4), "bob@contoso.example", "Bob", List.of("contact-bob-1", "contact-bob-2")),
        new PlannedAction.Skip(user(5), SkipReason.GUEST, null));
  }

  private State state(MspTenantId tenant) {
    List<String> emails = List.of("grace@contoso.example", "linus@contoso.example", "ada@contoso.example",
        "bob@contoso.example", "robert@contoso.example");
    List<HostContact> hostContacts = new ArrayList<>(contacts().findByEmails(tenant, CLIENT, emails));
    hostContacts.sort(java.util.Comparator.comparing(HostContact::id));
    return new State(hostContacts, links().listAll(tenant), queue().listAll(tenant));
  }

  /** Everything a page can change, as read back through the ports. */
  protected record State(List<HostContact> contacts, List<ContactLink> links, List<ReconciliationItem> queue) {}

  @Test
  void applyingTheSamePlanTwiceLeavesTheSameState() {
    SyncPlan plan = mixedPlan();
    PageWriteResult first = writer().apply(msp, plan, at(10));
    State afterFirst = state(msp);
    PageWriteResult second = writer().apply(msp, plan, at(10));

    assertThat(first.counters()).isEqualTo(plan.counters());
    assertThat(second.counters()).isEqualTo(first.counters());
    assertThat(state(msp)).isEqualTo(afterFirst);
    assertThat(afterFirst.contacts()).hasSize(5);
    assertThat(afterFirst.links()).hasSize(3);
    assertThat(afterFirst.queue()).hasSize(1);
  }

  @Test
  void everyWriteStaysInItsOwnMspTenant() {
    writer().apply(msp, mixedPlan(), at(10));
    State mine = state(msp);
    State untouched = state(otherMsp);
    assertThat(untouched.links()).isEmpty();
    assertThat(untouched.queue()).isEmpty();
    assertThat(untouched.contacts()).extracting(HostContact::id)
        .containsExactly("contact-ada", "contact-bob-1", "contact-bob-2");
    assertThat(contactById(otherMsp, "contact-ada").fullName()).isEqualTo("Ada L.");

    writer().apply(otherMsp, mixedPlan(), at(10));
    writer().apply(otherMsp, plan(
        new PlannedAction.Inactivate(user(3), "contact-ada", InactiveReason.DELETED_UPSTREAM)), at(20));

    assertThat(state(msp)).isEqualTo(mine);
    assertThat(contactById(msp, "contact-ada").inactive()).isFalse();
    assertThat(contactById(otherMsp, "contact-ada").inactive()).isTrue();
    Map<EntraObjectId, ContactLink> otherLinks =
        links().findActiveByObjectIds(otherMsp, tenant(1), List.of(user(1), user(2), user(3)));
    assertThat(otherLinks).hasSize(3);
    assertThat(otherLinks.get(user(3)).syncInactivated()).isEqualTo(InactiveReason.DELETED_UPSTREAM);
    assertThat(activeLink(msp, 3).syncInactivated()).isNull();
  }

  // ---- link upkeep and pending removals ----------------------------------------------------------

  private SyncPlan withUpkeep(SyncPlan.LinkUpkeep upkeep, PlannedAction... actions) {
    return new SyncPlan(tenant(1), CLIENT, List.of(actions), Set.of(), 0, upkeep);
  }

  @Test
  void aPendingRemovalIsRecordedOnTheLinkLeavesTheContactAndIsNotCounted() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null)), at(10));

    PageWriteResult result = writer().apply(msp, plan(
        new PlannedAction.PendingRemoval(user(1), "contact-ada", InactiveReason.DISABLED_UPSTREAM)), at(20));

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO);
    assertThat(contactById(msp, "contact-ada").inactive()).isFalse();
    assertThat(links().findPendingRemovals(msp, tenant(1))).singleElement().satisfies(l -> {
      assertThat(l.objectId()).isEqualTo(user(1));
      assertThat(l.pendingRemoval()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);
      assertThat(l.pendingSince()).isEqualTo(at(20));
      assertThat(l.syncInactivated()).isNull();
    });
    assertThat(links().findPendingRemovals(otherMsp, tenant(1))).isEmpty();
  }

  @Test
  void aReturnedIdentityDropsItsPendingRemovalAndAnInactivationDecidesIt() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null),
        new PlannedAction.Link(user(2), "contact-bob-1", null)), at(10));
    writer().apply(msp, plan(new PlannedAction.PendingRemoval(user(1), "contact-ada", InactiveReason.DELETED_UPSTREAM),
        new PlannedAction.PendingRemoval(user(2), "contact-bob-1", InactiveReason.DISABLED_UPSTREAM)), at(20));

    writer().apply(msp, withUpkeep(new SyncPlan.LinkUpkeep(Set.of(), Set.of(user(1)), Set.of()),
        new PlannedAction.Unchanged(user(1), "contact-ada")), at(30));
    writer().apply(msp, plan(new PlannedAction.Inactivate(user(2), "contact-bob-1", InactiveReason.DISABLED_UPSTREAM)),
        at(40));

    assertThat(links().findPendingRemovals(msp, tenant(1))).isEmpty();
    assertThat(activeLink(msp, 2).syncInactivated()).isEqualTo(InactiveReason.DISABLED_UPSTREAM);
    assertThat(contactById(msp, "contact-bob-1").inactiveReason()).isEqualTo("disabled_upstream");
  }

  @Test
  void aStaleSyncReasonIsClearedAndAHeardRemovalIsMarkedSeen() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null),
        new PlannedAction.Link(user(2), "contact-bob-1", null)), at(10));
    writer().apply(msp, plan(new PlannedAction.Inactivate(user(1), "contact-ada", InactiveReason.DISABLED_UPSTREAM)), at(20));
    // an operator reactivates Ada by hand; a later page sees her contact active
    contacts().setActive(msp, List.of("contact-ada"));

    writer().apply(msp, withUpkeep(new SyncPlan.LinkUpkeep(Set.of(user(1)), Set.of(), Set.of(user(2))),
        new PlannedAction.Unchanged(user(1), "contact-ada"), new PlannedAction.Unchanged(user(2), "contact-bob-1")), at(50));

    assertThat(activeLink(msp, 1).syncInactivated()).isNull();
    assertThat(activeLink(msp, 2).lastSeenAt()).isEqualTo(at(50));
    // Bob's removal was heard; Ada was not in this page's seen identities
    assertThat(links().countUnheardSince(msp, tenant(1), at(45))).isEqualTo(1);
  }

  @Test
  void anAccountStateInTheUpkeepIsRecordedOnTheLink() {
    writer().apply(msp, plan(new PlannedAction.Link(user(1), "contact-ada", null),
        new PlannedAction.Link(user(2), "contact-bob-1", null)), at(10));

    writer().apply(msp, withUpkeep(new SyncPlan.LinkUpkeep(Set.of(), Set.of(), Set.of(), java.util.Map.of(user(1), false)),
        new PlannedAction.Unchanged(user(1), "contact-ada"), new PlannedAction.Unchanged(user(2), "contact-bob-1")), at(20));

    assertThat(activeLink(msp, 1).accountEnabled()).isFalse();
    assertThat(activeLink(msp, 2).accountEnabled()).isNull();
    assertThat(contactById(msp, "contact-ada").inactive()).isFalse();
  }
}
