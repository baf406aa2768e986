package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reference host directories over psa_clients / psa_contacts / psa_contact_phones. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReferenceHostDirectoriesTest {
  private final TestDatabase database;
  private final JdbiStorage storage;
  private MspTenantId msp;
  private MspTenantId otherMsp;

  ReferenceHostDirectoriesTest(TestDatabase database) {
    this.database = database;
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @BeforeEach
  void seed() {
    msp = ContractData.newMsp("host");
    otherMsp = ContractData.newMsp("host-other");
    for (MspTenantId tenant : List.of(msp, otherMsp)) {
      storage.referenceHostSeeder().insertClients(tenant, List.of(
          new HostClient("client-contoso", "Contoso", List.of("https://www.contoso.example"), "ap@contoso.example",
              List.of("contoso.example", "contoso-mail.example")),
          new HostClient("client-fabrikam", "Fabrikam", List.of(), null, List.of())));
      storage.referenceHostSeeder().insertContacts(tenant, List.of(
          new HostContact("contact-ada", "client-contoso", "Ada L.", "ADA@contoso.example", "COO", null,
              List.of(new ContactPhone("+1 555 0101", ContactPhone.Type.WORK, true)), false, null),
          new HostContact("contact-max", "client-fabrikam", "Max", "max@fabrikam.example", null, null, List.of(),
              false, null)));
    }
  }

  private static NewContact newContact(String key, String clientId, String email) {
    return new NewContact(key, clientId, "Person " + key, email, "Role", email,
        List.of(new ContactPhone("+1 555 9" + key.length(), ContactPhone.Type.MOBILE, false)));
  }

  @Test
  void clientsAreListedAndFoundPerMspTenant() {
    assertThat(storage.referenceHostClients().listClients(msp)).containsExactly(
        new HostClient("client-contoso", "Contoso", List.of("https://www.contoso.example"), "ap@contoso.example",
            List.of("contoso.example", "contoso-mail.example")),
        new HostClient("client-fabrikam", "Fabrikam", List.of(), null, List.of()));
    assertThat(storage.referenceHostClients().findClient(msp, "client-fabrikam")).isPresent();
    assertThat(storage.referenceHostClients().findClient(msp, "client-nope")).isEmpty();
  }

  @Test
  void provisioningIsIdempotentPerProvisioningKeyAndTenant() {
    ClientDraft draft = new ClientDraft("22222222-0000-4000-8000-000000000001", "Northwind", "northwind.example");
    HostClient first = storage.referenceHostClients().provisionClient(msp, draft);
    HostClient second = storage.referenceHostClients().provisionClient(msp,
        new ClientDraft(draft.provisioningKey(), "Northwind Traders", null));

    assertThat(second).isEqualTo(first);
    assertThat(first.name()).isEqualTo("Northwind");
    assertThat(first.websites()).containsExactly("https://northwind.example");
    assertThat(storage.referenceHostClients().listClients(msp)).hasSize(3);

    HostClient elsewhere = storage.referenceHostClients().provisionClient(otherMsp, draft);
    assertThat(elsewhere.id()).isNotEqualTo(first.id());
    assertThat(storage.referenceHostClients().listClients(otherMsp)).hasSize(3);
  }

  @Test
  void contactsAreReadByNormalizedEmailWithinAClientAndByIds() {
    var contacts = storage.referenceHostContacts();
    assertThat(contacts.findByEmails(msp, "client-contoso", List.of("ada@contoso.example", "max@fabrikam.example")))
        .containsExactly(new HostContact("contact-ada", "client-contoso", "Ada L.", "ADA@contoso.example", "COO", null,
            List.of(new ContactPhone("+1 555 0101", ContactPhone.Type.WORK, true)), false, null));
    assertThat(contacts.findByIds(msp, List.of("contact-max", "contact-nope")))
        .extracting(HostContact::id).containsExactly("contact-max");
    assertThat(contacts.findByEmails(msp, "client-contoso", List.of())).isEmpty();
  }

  @Test
  void aHostsOwnDataMayHoldTwoContactsOfAClientWithOneAddressButCreatesRefuseAThird() {
    storage.referenceHostSeeder().insertContacts(msp, List.of(
        new HostContact("contact-ada-2", "client-contoso", "Ada (billing)", "ada@Contoso.example", null, null, List.of(),
            false, null)));

    assertThat(storage.referenceHostContacts().findByEmails(msp, "client-contoso", List.of("ada@contoso.example")))
        .extracting(HostContact::id).containsExactlyInAnyOrder("contact-ada", "contact-ada-2");
    assertThat(storage.referenceHostContacts().createContacts(msp, List.of(newContact("k9", "client-contoso", "ada@contoso.example"))))
        .singleElement().isInstanceOf(ContactCreateOutcome.Refused.class);
  }

  @Test
  void derivedIdsNameCreatedContactsAndProvisionedClientsAfterWhatTheyAreFor() {
    JdbiStorage derived = JdbiStorage.builder(database.dataSource()).referenceHostIds(ReferenceHostIds.DERIVED).build();
    var outcome = derived.referenceHostContacts().createContacts(msp,
        List.of(newContact("a0000001-0000-4000-8000-000000000009", "client-contoso", "kj@contoso.example")));
    assertThat(((ContactCreateOutcome.Created) outcome.get(0)).contactId())
        .isEqualTo("contact-client-contoso-a0000001-0000-4000-8000-000000000009");
    assertThat(derived.referenceHostClients().provisionClient(msp,
        new org.entrasync.spi.ClientDraft("2a1c0e55-3333-4a33-8a33-000000000003", "Fabrikam Dental", "fabrikamdental.example")).id())
        .isEqualTo("client-2a1c0e55-3333-4a33-8a33-000000000003");
  }

  @Test
  void createdContactsGetUuidIdsAndTheirPhones() {
    List<ContactCreateOutcome> outcomes = storage.referenceHostContacts().createContacts(msp,
        List.of(newContact("k1", "client-contoso", "grace@contoso.example")));

    assertThat(outcomes).singleElement().isInstanceOf(ContactCreateOutcome.Created.class);
    String id = ((ContactCreateOutcome.Created) outcomes.get(0)).contactId();
    assertThat(UUID.fromString(id)).isNotNull();
    HostContact grace = storage.referenceHostContacts().findByIds(msp, List.of(id)).get(0);
    assertThat(grace.clientId()).isEqualTo("client-contoso");
    assertThat(grace.userPrincipalName()).isEqualTo("grace@contoso.example");
    assertThat(grace.phones()).containsExactly(new ContactPhone("+1 555 92", ContactPhone.Type.MOBILE, false));
  }

  @Test
  void refusalsArePerContactAndTheOtherCreatesHappen() {
    List<ContactCreateOutcome> outcomes = storage.referenceHostContacts().createContacts(msp, List.of(
        newContact("same-client", "client-contoso", "ada@contoso.example"),
        newContact("fine", "client-contoso", "new@contoso.example"),
        newContact("twice", "client-contoso", "new@contoso.example"),
        newContact("no-client", "client-nope", "x@contoso.example"),
        newContact("other-client", "client-contoso", "max@fabrikam.example")));

    assertThat(outcomes).extracting(ContactCreateOutcome::requestKey)
        .containsExactly("same-client", "fine", "twice", "no-client", "other-client");
    assertThat(outcomes.get(0)).isEqualTo(new ContactCreateOutcome.Refused("same-client",
        ReferenceHostContactDirectory.REFUSED_SAME_CLIENT));
    assertThat(outcomes.get(1)).isInstanceOf(ContactCreateOutcome.Created.class);
    assertThat(outcomes.get(2)).isInstanceOf(ContactCreateOutcome.Refused.class);
    assertThat(outcomes.get(3)).isInstanceOf(ContactCreateOutcome.Refused.class);
    // Unique per client only (the default): another client's email is fine.
    assertThat(outcomes.get(4)).isInstanceOf(ContactCreateOutcome.Created.class);
  }

  @Test
  void inUniquePerTenantModeAnotherClientsEmailIsRefused() {
    ReferenceHostContactDirectory strict = new ReferenceHostContactDirectory(database.jdbi(), true);
    assertThat(strict.emailUniquePerTenant()).isTrue();
    List<ContactCreateOutcome> outcomes = strict.createContacts(msp, List.of(
        newContact("other-client", "client-contoso", "Max@Fabrikam.example "),
        newContact("fine", "client-contoso", "new@contoso.example")));

    assertThat(outcomes.get(0)).isEqualTo(new ContactCreateOutcome.Refused("other-client",
        ReferenceHostContactDirectory.REFUSED_OTHER_CLIENT));
    assertThat(outcomes.get(1)).isInstanceOf(ContactCreateOutcome.Created.class);
    assertThat(strict.listContacts(msp)).hasSize(3);
  }

  @Test
  void oneEmailRequestedForTwoClientsInOneBatchIsTwiceInTheBatchOnlyInUniquePerTenantMode() {
    List<NewContact> batch = List.of(newContact("first", "client-contoso", "shared@new.example"),
        newContact("second", "client-fabrikam", " Shared@New.example"));

    List<ContactCreateOutcome> lenient = storage.referenceHostContacts().createContacts(msp, batch);
    List<ContactCreateOutcome> strict = new ReferenceHostContactDirectory(database.jdbi(), true)
        .createContacts(otherMsp, batch);

    assertThat(lenient).allSatisfy(o -> assertThat(o).isInstanceOf(ContactCreateOutcome.Created.class));
    assertThat(strict.get(0)).isInstanceOf(ContactCreateOutcome.Created.class);
    assertThat(strict.get(1)).isInstanceOf(ContactCreateOutcome.Refused.class);
    assertThat(((ContactCreateOutcome.Refused) strict.get(1)).reason()).contains("twice");
  }

  @Test
  void patchesChangeOnlyTheGivenFieldsAndNeverTakeAnEmailInUse() {
    var contacts = storage.referenceHostContacts();
    contacts.applyPatches(msp, List.of(new ContactPatch("contact-ada", "Ada Lovelace", null, null, "ada@upn.example",
        List.of(new ContactPhone("+44 20 0000", ContactPhone.Type.OTHER, false),
            new ContactPhone("+44 20 0001", ContactPhone.Type.WORK, true)))));
    HostContact ada = contacts.findByIds(msp, List.of("contact-ada")).get(0);
    assertThat(ada.fullName()).isEqualTo("Ada Lovelace");
    assertThat(ada.role()).isEqualTo("COO");
    assertThat(ada.email()).isEqualTo("ADA@contoso.example");
    assertThat(ada.userPrincipalName()).isEqualTo("ada@upn.example");
    assertThat(ada.phones()).extracting(ContactPhone::number).containsExactly("+44 20 0000", "+44 20 0001");

    storage.referenceHostSeeder().insertContacts(msp, List.of(new HostContact("contact-bob", "client-contoso",
        "Bob", "bob@contoso.example", null, null, List.of(), false, null)));
    contacts.applyPatches(msp, List.of(new ContactPatch("contact-ada", null, "BOB@contoso.example", null, null, null)));
    assertThat(contacts.findByIds(msp, List.of("contact-ada")).get(0).email()).isEqualTo("ADA@contoso.example");

    contacts.applyPatches(msp, List.of(new ContactPatch("contact-ada", null, "ada.l@contoso.example", null, null, null)));
    assertThat(contacts.findByIds(msp, List.of("contact-ada")).get(0).email()).isEqualTo("ada.l@contoso.example");
  }

  @Test
  void inactiveAndActiveAgain() {
    var contacts = storage.referenceHostContacts();
    contacts.setInactive(msp, List.of("contact-ada", "contact-max"), "deleted_upstream");
    assertThat(contacts.findByIds(msp, List.of("contact-ada", "contact-max")))
        .allSatisfy(c -> {
          assertThat(c.inactive()).isTrue();
          assertThat(c.inactiveReason()).isEqualTo("deleted_upstream");
        });
    contacts.setActive(msp, List.of("contact-ada"));
    HostContact ada = contacts.findByIds(msp, List.of("contact-ada")).get(0);
    assertThat(ada.inactive()).isFalse();
    assertThat(ada.inactiveReason()).isNull();
  }

  @Test
  void everyMethodReadsAndWritesOnlyItsOwnMspTenant() {
    var contacts = storage.referenceHostContacts();
    contacts.applyPatches(msp, List.of(new ContactPatch("contact-ada", "Changed", null, null, null, List.of())));
    contacts.setInactive(msp, List.of("contact-max"), "disabled_upstream");
    contacts.createContacts(msp, List.of(newContact("k", "client-contoso", "only-mine@contoso.example")));
    storage.referenceHostClients().provisionClient(msp, new ClientDraft("k-1", "Mine", null));

    List<HostContact> untouched = contacts.listContacts(otherMsp);
    assertThat(untouched).extracting(HostContact::id).containsExactly("contact-ada", "contact-max");
    assertThat(untouched.get(0).fullName()).isEqualTo("Ada L.");
    assertThat(untouched.get(0).phones()).hasSize(1);
    assertThat(untouched.get(1).inactive()).isFalse();
    assertThat(contacts.findByEmails(otherMsp, "client-contoso", List.of("only-mine@contoso.example"))).isEmpty();
    assertThat(storage.referenceHostClients().listClients(otherMsp)).hasSize(2);
    assertThat(contacts.listContacts(msp)).hasSize(3);
  }

  @Test
  void aContactWhoseAddressCarriesANoBreakSpaceOrATabIsFoundByItsNormalizedAddress() {
    storage.referenceHostSeeder().insertContacts(msp, List.of(new HostContact("contact-nbsp", "client-contoso", "Nia",
        "\u00a0Nia.Brooks@Contoso.example\t", null, null, List.of(), false, null)));

    assertThat(storage.referenceHostContacts().findByEmails(msp, "client-contoso", List.of("nia.brooks@contoso.example")))
        .extracting(HostContact::id).containsExactly("contact-nbsp");
  }

  /**
   * The matching key the reference host stores is the library's one normalization
   * ({@link EmailNormalization}), whichever statement wrote the address (seeding, a create, a patch):
   * generated addresses with ASCII and Unicode spaces, tabs, no-break spaces and mixed (also
   * non-ASCII) case.
   */
  @Test
  void theStoredMatchingKeyIsTheLibrarysNormalizationForGeneratedAddresses() {
    String[] edges = {"", " ", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\u2028", "\r\n", " \u00a0\t"};
    String[] locals = {"ada", "ADA.Lovelace", "Élodie", "ÖZGÜR", "mixedCase", "x"};
    java.util.Random random = new java.util.Random(11);
    List<HostContact> seeded = new java.util.ArrayList<>();
    List<NewContact> created = new java.util.ArrayList<>();
    List<ContactPatch> patched = new java.util.ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String address = edges[random.nextInt(edges.length)] + locals[random.nextInt(locals.length)] + i + "@Contoso"
          + (random.nextBoolean() ? ".EXAMPLE" : ".example") + edges[random.nextInt(edges.length)];
      switch (i % 3) {
        case 0 -> seeded.add(new HostContact("gen-" + i, "client-contoso", "G " + i, address, null, null, List.of(), false, null));
        case 1 -> created.add(new NewContact("gen-" + i, "client-contoso", "G " + i, address, null, null, List.of()));
        default -> {
          seeded.add(new HostContact("gen-" + i, "client-contoso", "G " + i, "placeholder-" + i + "@contoso.example", null,
              null, List.of(), false, null));
          patched.add(new ContactPatch("gen-" + i, null, address, null, null, null));
        }
      }
    }
    storage.referenceHostSeeder().insertContacts(msp, seeded);
    var contacts = storage.referenceHostContacts();
    assertThat(contacts.createContacts(msp, created)).allMatch(o -> o instanceof ContactCreateOutcome.Created);
    contacts.applyPatches(msp, patched);

    List<String[]> rows = database.jdbi().withHandle(h -> h.createQuery(
            "select email, email_normalized from psa_contacts where msp_tenant_id = :msp and full_name like 'G %'")
        .bind("msp", msp.value())
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
        .list());
    assertThat(rows).hasSize(240);
    for (String[] row : rows) {
      assertThat(row[1]).as("key of '%s'", row[0]).isEqualTo(EmailNormalization.normalize(row[0]));
      assertThat(contacts.findByEmails(msp, "client-contoso", List.of(row[1]))).as("found by '%s'", row[1]).hasSize(1);
    }
  }
}
