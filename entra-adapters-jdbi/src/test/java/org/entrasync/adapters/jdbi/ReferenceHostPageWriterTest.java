package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reference-host page writer beyond the core contract: round trips, refusals, atomicity. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReferenceHostPageWriterTest {
  private static final EntraTenantId TENANT = EntraTenantId.of("44444444-0000-4000-8000-000000000001");
  private static final Instant AT = Instant.parse("2025-05-01T10:00:00Z");

  private final TestDatabase database;
  private final StatementCounter counter;
  private final JdbiStorage storage;
  private MspTenantId msp;

  ReferenceHostPageWriterTest(TestDatabase database) {
    this.database = database;
    this.counter = new StatementCounter(database.dataSource());
    this.storage = JdbiStorage.create(Jdbi.create(counter));
  }

  @BeforeEach
  void newTenant() {
    msp = ContractData.newMsp("pw");
  }

  private void seed(JdbiStorage on, List<HostClient> clients, List<HostContact> contacts) {
    on.managedTenants().recordDiscovery(msp, List.of(new DiscoveredTenant(TENANT, "Contoso", null, null)), AT);
    on.referenceHostSeeder().insertClients(msp, clients);
    on.referenceHostSeeder().insertContacts(msp, contacts);
  }

  private static HostClient client(String id) {
    return new HostClient(id, id, List.of(), null, List.of());
  }

  private static HostContact contact(String id, String clientId, String email) {
    return new HostContact(id, clientId, "Name " + id, email, null, null, List.of(), false, null);
  }

  private static EntraObjectId user(int n) {
    return ContractData.user(n);
  }

  private static PlannedAction.Create create(int user, String clientId, String email) {
    return new PlannedAction.Create(user(user),
        new NewContact(user(user).value(), clientId, "User " + user, email, null, null, List.of()));
  }

  private static SyncPlan plan(String clientId, PlannedAction... actions) {
    return new SyncPlan(TENANT, clientId, List.of(actions), Set.of());
  }

  @Test
  void aPageCostsTheSameFewStatementsForTenAndForAThousandUsers() {
    PageFixture small = PageFixture.prepare(storage, ContractData.newMsp("page10"), 10);
    PageFixture large = PageFixture.prepare(storage, ContractData.newMsp("page1000"), 1000);

    counter.reset();
    PageWriteResult smallResult = storage.referenceHostPageWriter().apply(small.msp, small.plan, PageFixture.SYNC_AT);
    int smallStatements = counter.statements();
    int smallCommits = counter.commits();
    List<String> smallSql = counter.executedSql();

    counter.reset();
    long start = System.nanoTime();
    PageWriteResult largeResult = storage.referenceHostPageWriter().apply(large.msp, large.plan, PageFixture.SYNC_AT);
    Duration largeTime = Duration.ofNanos(System.nanoTime() - start);
    int largeStatements = counter.statements();
    int largeCommits = counter.commits();

    System.out.printf("page writer: 10 users -> %d statements + %d commit; 1,000 users -> %d statements + %d commit"
        + " in %d ms%n", smallStatements, smallCommits, largeStatements, largeCommits, largeTime.toMillis());
    smallSql.forEach(sql -> System.out.println("  " + sql));

    assertThat(smallResult.counters()).isEqualTo(small.plan.counters());
    assertThat(largeResult.counters()).isEqualTo(large.plan.counters());
    assertThat(largeResult.refused()).isEmpty();
    assertThat(largeStatements).isEqualTo(smallStatements).isLessThanOrEqualTo(10);
    assertThat(largeCommits).isEqualTo(smallCommits).isEqualTo(1);

    // The same page again: same statement count, same rows.
    var before = snapshot(large.msp);
    counter.reset();
    long replayStart = System.nanoTime();
    PageWriteResult replay = storage.referenceHostPageWriter().apply(large.msp, large.plan, PageFixture.SYNC_AT);
    System.out.printf("page writer: 1,000 users replayed in %d ms%n",
        Duration.ofNanos(System.nanoTime() - replayStart).toMillis());
    assertThat(counter.statements()).isEqualTo(largeStatements);
    assertThat(replay.counters()).isEqualTo(largeResult.counters());
    assertThat(snapshot(large.msp)).isEqualTo(before);
    // 400 created + 200 link targets + 300 already linked + 2 queue candidates
    assertThat(before.contacts()).hasSize(400 + 200 + 300 + 2);
    assertThat(before.links()).hasSize(400 + 200 + 300);
    assertThat(before.queue()).hasSize(50);
  }

  private record Snapshot(List<HostContact> contacts, List<ContactLink> links, List<ReconciliationItem> queue) {}

  private Snapshot snapshot(MspTenantId tenant) {
    return new Snapshot(storage.referenceHostContacts().listContacts(tenant), storage.contactLinks().listAll(tenant),
        storage.reconciliationQueue().listAll(tenant));
  }

  @Test
  void aCreateWhoseEmailBelongsToAContactLinkedToAnotherIdentityIsRefusedAsASkip() {
    seed(storage, List.of(client("client-1")), List.of(contact("c-ada", "client-1", "ada@contoso.example")));
    storage.referenceHostPageWriter().apply(msp, plan("client-1", new PlannedAction.Link(user(1), "c-ada", null)), AT);

    PageWriteResult result = storage.referenceHostPageWriter().apply(msp,
        plan("client-1", create(2, "client-1", "ada@contoso.example"), create(3, "client-1", "grace@contoso.example")),
        AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(result.refused()).containsExactly(new PlannedAction.Skip(user(2), SkipReason.HOST_REFUSED,
        ReferenceHostContactDirectory.REFUSED_SAME_CLIENT));
    assertThat(storage.contactLinks().findActiveByObjectIds(msp, TENANT, List.of(user(2), user(3))))
        .containsOnlyKeys(user(3));
    assertThat(storage.referenceHostContacts().listContacts(msp)).hasSize(2);
  }

  @Test
  void inUniquePerTenantModeACreateWithAnotherClientsEmailIsRefusedAndTheRestOfThePageIsWritten() {
    JdbiStorage strict = JdbiStorage.builder(database.dataSource()).emailUniquePerTenant(true).build();
    seed(strict, List.of(client("client-1"), client("client-2")),
        List.of(contact("c-other", "client-2", "Shared@Contoso.example")));

    PageWriteResult result = strict.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "shared@contoso.example"), create(2, "client-1", "own@contoso.example")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(result.refused()).containsExactly(new PlannedAction.Skip(user(1), SkipReason.HOST_REFUSED,
        ReferenceHostContactDirectory.REFUSED_OTHER_CLIENT));
    assertThat(strict.contactLinks().findActiveByObjectIds(msp, TENANT, List.of(user(1), user(2))))
        .containsOnlyKeys(user(2));

    // Without the option the same page creates both.
    MspTenantId lenient = msp;
    msp = ContractData.newMsp("pw-lenient");
    seed(storage, List.of(client("client-1"), client("client-2")),
        List.of(contact("c-other", "client-2", "shared@contoso.example")));
    PageWriteResult relaxed = storage.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "shared@contoso.example"), create(2, "client-1", "own@contoso.example")), AT);
    assertThat(relaxed.counters()).isEqualTo(SyncCounters.ZERO.withCreated(2));
    assertThat(lenient).isNotEqualTo(msp);
  }

  @Test
  void aCreateThatFindsAnUnlinkedContactWithItsEmailLinksItInsteadOfDuplicating() {
    seed(storage, List.of(client("client-1")), List.of(contact("c-late", "client-1", "LATE@contoso.example")));

    PageWriteResult result = storage.referenceHostPageWriter()
        .apply(msp, plan("client-1", create(1, "client-1", "late@contoso.example")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withLinked(1));
    assertThat(storage.contactLinks().findActiveByContact(msp, "c-late")).map(ContactLink::objectId).contains(user(1));
    assertThat(storage.referenceHostContacts().listContacts(msp)).hasSize(1);
  }

  @Test
  void twoCreatesWithOneEmailInOnePageMakeOneContact() {
    seed(storage, List.of(client("client-1")), List.of());

    PageWriteResult result = storage.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "twin@contoso.example"), create(2, "client-1", "twin@contoso.example")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(result.refused()).extracting(PlannedAction.Skip::objectId).containsExactly(user(2));
    assertThat(storage.referenceHostContacts().listContacts(msp)).hasSize(1);
  }

  @Test
  void twoCreatesThatFindOneUnlinkedContactLinkItToTheFirstAndRefuseTheSecond() {
    seed(storage, List.of(client("client-1")), List.of(contact("c-late", "client-1", "late@contoso.example")));

    PageWriteResult result = storage.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "grace@contoso.example"), create(2, "client-1", "LATE@contoso.example"),
        create(3, "client-1", "late@contoso.example ")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withLinked(1).withSkipped(1));
    assertThat(result.refused()).extracting(PlannedAction.Skip::objectId).containsExactly(user(3));
    assertThat(storage.contactLinks().findActiveByContact(msp, "c-late")).map(ContactLink::objectId).contains(user(2));
    assertThat(storage.referenceHostContacts().listContacts(msp)).hasSize(2);
  }

  @Test
  void aLinkToAContactHeldByAnotherIdentityIsSkippedAndChangesNothing() {
    seed(storage, List.of(client("client-1")), List.of(contact("c-ada", "client-1", "ada@contoso.example")));
    storage.referenceHostPageWriter().apply(msp, plan("client-1", new PlannedAction.Link(user(1), "c-ada", null)), AT);

    PageWriteResult result = storage.referenceHostPageWriter().apply(msp, plan("client-1",
        new PlannedAction.Link(user(2), "c-ada", new ContactPatch("c-ada", "Hijacked", null, null, null, null))), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withSkipped(1));
    assertThat(result.refused()).extracting(PlannedAction.Skip::reason).containsExactly(SkipReason.HOST_REFUSED);
    assertThat(storage.contactLinks().findActiveByContact(msp, "c-ada").orElseThrow().objectId()).isEqualTo(user(1));
    assertThat(storage.referenceHostContacts().findByIds(msp, List.of("c-ada")).get(0).fullName())
        .isEqualTo("Name c-ada");
  }

  @Test
  void aPageThatFailsWritesNothing() {
    seed(storage, List.of(client("client-1")), List.of());
    // A tenant that was never discovered: the link rows break a foreign key after the contact insert.
    SyncPlan undiscovered = new SyncPlan(EntraTenantId.of("55555555-0000-4000-8000-000000000009"), "client-1",
        List.of(create(1, "client-1", "ghost@contoso.example")), Set.of());

    assertThatThrownBy(() -> storage.referenceHostPageWriter().apply(msp, undiscovered, AT))
        .isInstanceOf(EntraRejectedException.class)
        .hasMessageContaining("refused the write");
    assertThat(storage.referenceHostContacts().listContacts(msp)).isEmpty();
  }

  @Test
  void aCreateWhoseContactIdIsTakenIsRefusedAsASkipAndTheRestOfThePageIsWritten() {
    // Derived ids: an identity whose contact exists but is neither linked nor found by its (changed) email.
    JdbiStorage derived = JdbiStorage.builder(database.dataSource()).referenceHostIds(ReferenceHostIds.DERIVED).build();
    String takenId = "contact-client-1-" + user(1).value();
    seed(derived, List.of(client("client-1")), List.of(contact(takenId, "client-1", "old@contoso.example")));

    PageWriteResult result = derived.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "new@contoso.example"), create(2, "client-1", "grace@contoso.example")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(1).withSkipped(1));
    assertThat(result.refused()).extracting(PlannedAction.Skip::objectId).containsExactly(user(1));
    assertThat(derived.contactLinks().findActiveByObjectIds(msp, TENANT, List.of(user(1), user(2))))
        .containsOnlyKeys(user(2));
    assertThat(derived.referenceHostContacts().findByIds(msp, List.of(takenId)).get(0).email())
        .isEqualTo("old@contoso.example");
    assertThat(derived.referenceHostContacts().listContacts(msp)).hasSize(2);
  }

  @Test
  void aCreateForAnIdentityWithADetachedLinkReusesThatLinkRow() {
    seed(storage, List.of(client("client-1")), List.of());
    Jdbi.create(database.dataSource()).useHandle(h -> h.execute("""
        insert into entra_contact_links (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, client_id, status)
        values (?, ?, ?, 'c-gone', 'client-1', 'detached')""", msp.value(), TENANT.value(), user(1).value()));

    PageWriteResult result = storage.referenceHostPageWriter().apply(msp, plan("client-1",
        create(1, "client-1", "back@contoso.example"), create(2, "client-1", "grace@contoso.example")), AT);

    assertThat(result.counters()).isEqualTo(SyncCounters.ZERO.withCreated(2));
    var links = storage.contactLinks().findActiveByObjectIds(msp, TENANT, List.of(user(1), user(2)));
    assertThat(links).containsOnlyKeys(user(1), user(2));
    assertThat(links.get(user(1)).contactId()).isNotEqualTo("c-gone");
    assertThat(storage.contactLinks().listAll(msp)).hasSize(2);
  }
}
