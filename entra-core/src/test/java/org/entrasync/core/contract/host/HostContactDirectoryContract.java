package org.entrasync.core.contract.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HostContactDirectory} must do, whatever stores the contacts. A host (or the
 * library's reference implementation) extends this class and supplies a fresh directory per test.
 *
 * <p>Covered: batched reads by client and normalized emails and by ids; creates with one outcome
 * per request; patches where null leaves a field as it is; inactive/active with a reason; the
 * optional "emails unique per MSP tenant" refusal; isolation of two MSP tenants holding identical
 * data; and that no method can delete a contact.
 */
public abstract class HostContactDirectoryContract {
  protected static final MspTenantId MSP_A = MspTenantId.of("contract-msp-a");
  protected static final MspTenantId MSP_B = MspTenantId.of("contract-msp-b");

  private static final Pattern DESTRUCTIVE = Pattern.compile("(?i)^(delete|remove|purge|destroy|drop|erase|truncate).*");

  protected HostContactDirectory directory;

  /** A directory holding no contact of {@link #MSP_A} or {@link #MSP_B}; called once before each test. */
  protected abstract HostContactDirectory newDirectory();

  /** Creates a client of {@code msp} in the host, so contacts can belong to it; returns its id. */
  protected abstract String createClient(MspTenantId msp, String name);

  /**
   * A directory over the same host data as {@link #newDirectory()} that refuses a create whose email
   * already belongs to a contact of another client of the same MSP tenant; null when the host has no
   * such rule (the tests of that rule are then skipped).
   */
  protected HostContactDirectory directoryWithUniqueEmails() {
    return null;
  }

  /**
   * Whether the host refuses a second contact of one client with the same normalized email (the
   * library's reference host does); tests then do not store such twins.
   */
  protected boolean emailsUniquePerClient() {
    return false;
  }

  @BeforeEach
  void createDirectory() {
    directory = newDirectory();
  }

  // ---- creates -------------------------------------------------------------------------------

  @Test
  void createReturnsOneOutcomePerRequestAndTheContactsReadBackWithEveryField() {
    String client = createClient(MSP_A, "Contoso");
    List<ContactPhone> phones = List.of(new ContactPhone("+1 555 0101", ContactPhone.Type.WORK, true),
        new ContactPhone("+1 555 0100", ContactPhone.Type.MOBILE, false));
    List<NewContact> requests = List.of(
        new NewContact("req-ada", client, "Ada Lovelace", "ada@contoso.example", "Operations Director",
            "ada@contoso.example", phones),
        new NewContact("req-grace", client, "Grace Hopper", "grace@contoso.example", null, null, List.of()),
        new NewContact("req-alan", client, "Alan Turing", "alan@contoso.example", "Analyst", "alan@contoso.onmicrosoft.com", List.of()));

    List<ContactCreateOutcome> outcomes = directory.createContacts(MSP_A, requests);

    assertThat(outcomes).hasSize(3).allMatch(o -> o instanceof ContactCreateOutcome.Created);
    Map<String, String> idByKey = createdIds(outcomes);
    assertThat(idByKey.keySet()).containsExactlyInAnyOrder("req-ada", "req-grace", "req-alan");
    assertThat(Set.copyOf(idByKey.values())).hasSize(3);

    HostContact ada = only(directory.findByIds(MSP_A, List.of(idByKey.get("req-ada"))));
    assertThat(ada.clientId()).isEqualTo(client);
    assertThat(ada.fullName()).isEqualTo("Ada Lovelace");
    assertThat(ada.email()).isEqualToIgnoringCase("ada@contoso.example");
    assertThat(ada.role()).isEqualTo("Operations Director");
    assertThat(ada.userPrincipalName()).isEqualTo("ada@contoso.example");
    assertThat(ada.phones()).containsExactlyInAnyOrderElementsOf(phones);
    assertThat(ada.inactive()).isFalse();
    assertThat(ada.inactiveReason()).isNull();

    HostContact grace = only(directory.findByIds(MSP_A, List.of(idByKey.get("req-grace"))));
    assertThat(grace.role()).isNull();
    assertThat(grace.phones()).isEmpty();
  }

  @Test
  void anEmptyCreateBatchCreatesNothing() {
    assertThat(directory.createContacts(MSP_A, List.of())).isEmpty();
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Test
  void findByEmailsMatchesTheStoredEmailTrimmedAndLowerCased() {
    String client = createClient(MSP_A, "Contoso");
    String id = create(MSP_A, client, "Ada Lovelace", "  Ada.Lovelace@Contoso.EXAMPLE ");

    assertThat(directory.findByEmails(MSP_A, client, List.of("ada.lovelace@contoso.example")))
        .extracting(HostContact::id).containsExactly(id);
  }

  @Test
  void findByEmailsTakesManyEmailsInOneCallAndReturnsEveryContactThatMatches() {
    String client = createClient(MSP_A, "Contoso");
    List<String> expected = new ArrayList<>();
    expected.add(create(MSP_A, client, "Ada Lovelace", "ada@contoso.example"));
    if (!emailsUniquePerClient()) {
      expected.add(create(MSP_A, client, "Ada L.", "ADA@contoso.example"));
    }
    expected.add(create(MSP_A, client, "Grace Hopper", "grace@contoso.example"));
    create(MSP_A, client, "Alan Turing", "alan@contoso.example");

    List<HostContact> found = directory.findByEmails(MSP_A, client,
        List.of("ada@contoso.example", "grace@contoso.example", "nobody@contoso.example"));

    assertThat(found).extracting(HostContact::id).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void findByEmailsIsScopedToOneClient() {
    String contoso = createClient(MSP_A, "Contoso");
    String fabrikam = createClient(MSP_A, "Fabrikam");
    String atContoso = create(MSP_A, contoso, "Sam Shared", "sam@shared.example");
    String atFabrikam = create(MSP_A, fabrikam, "Sam Shared", "sam@shared.example");

    assertThat(directory.findByEmails(MSP_A, contoso, List.of("sam@shared.example")))
        .extracting(HostContact::id).containsExactly(atContoso);
    assertThat(directory.findByEmails(MSP_A, fabrikam, List.of("sam@shared.example")))
        .extracting(HostContact::id).containsExactly(atFabrikam);
  }

  @Test
  void findByEmailsFindsInactiveContactsToo() {
    String client = createClient(MSP_A, "Contoso");
    String id = create(MSP_A, client, "Ada Lovelace", "ada@contoso.example");
    directory.setInactive(MSP_A, List.of(id), "left the company");

    assertThat(directory.findByEmails(MSP_A, client, List.of("ada@contoso.example")))
        .extracting(HostContact::id).containsExactly(id);
  }

  @Test
  void findByEmailsWithNoOrUnknownEmailsFindsNothing() {
    String client = createClient(MSP_A, "Contoso");
    create(MSP_A, client, "Ada Lovelace", "ada@contoso.example");

    assertThat(directory.findByEmails(MSP_A, client, List.of())).isEmpty();
    assertThat(directory.findByEmails(MSP_A, client, List.of("grace@contoso.example"))).isEmpty();
  }

  @Test
  void findByIdsLeavesOutIdsThatDoNotExist() {
    String client = createClient(MSP_A, "Contoso");
    String ada = create(MSP_A, client, "Ada Lovelace", "ada@contoso.example");
    String grace = create(MSP_A, client, "Grace Hopper", "grace@contoso.example");

    assertThat(directory.findByIds(MSP_A, List.of(ada, grace, "no-such-contact-id")))
        .extracting(HostContact::id).containsExactlyInAnyOrder(ada, grace);
    assertThat(directory.findByIds(MSP_A, List.of())).isEmpty();
  }

  // ---- patches -------------------------------------------------------------------------------

  @Test
  void aPatchChangesOnlyItsNonNullFieldsAndManyPatchesGoInOneCall() {
    String client = createClient(MSP_A, "Contoso");
    List<ContactPhone> phones = List.of(new ContactPhone("+1 555 0101", ContactPhone.Type.WORK, true));
    String ada = createFull(MSP_A, client, "Ada L.", "ada@contoso.example", "Ops", "ada@contoso.example", phones);
    String grace = createFull(MSP_A, client, "Grace H.", "grace@contoso.example", "Admiral", "grace@contoso.example", phones);

    List<ContactPhone> newPhones = List.of(new ContactPhone("+1 555 0199", ContactPhone.Type.MOBILE, true));
    directory.applyPatches(MSP_A, List.of(
        new ContactPatch(ada, "Ada Lovelace", null, "Operations Director", null, null),
        new ContactPatch(grace, null, "grace.hopper@contoso.example", null, "grace.hopper@contoso.example", newPhones)));

    HostContact a = only(directory.findByIds(MSP_A, List.of(ada)));
    assertThat(a.fullName()).isEqualTo("Ada Lovelace");
    assertThat(a.role()).isEqualTo("Operations Director");
    assertThat(a.email()).isEqualToIgnoringCase("ada@contoso.example");
    assertThat(a.userPrincipalName()).isEqualTo("ada@contoso.example");
    assertThat(a.phones()).containsExactlyInAnyOrderElementsOf(phones);

    HostContact g = only(directory.findByIds(MSP_A, List.of(grace)));
    assertThat(g.fullName()).isEqualTo("Grace H.");
    assertThat(g.role()).isEqualTo("Admiral");
    assertThat(g.email()).isEqualToIgnoringCase("grace.hopper@contoso.example");
    assertThat(g.userPrincipalName()).isEqualTo("grace.hopper@contoso.example");
    assertThat(g.phones()).containsExactlyInAnyOrderElementsOf(newPhones);
  }

  @Test
  void aPatchLeavesTheActiveStateAlone() {
    String client = createClient(MSP_A, "Contoso");
    String ada = create(MSP_A, client, "Ada L.", "ada@contoso.example");
    directory.setInactive(MSP_A, List.of(ada), "disabled_upstream");

    directory.applyPatches(MSP_A, List.of(new ContactPatch(ada, "Ada Lovelace", null, null, null, null)));

    HostContact a = only(directory.findByIds(MSP_A, List.of(ada)));
    assertThat(a.fullName()).isEqualTo("Ada Lovelace");
    assertThat(a.inactive()).isTrue();
    assertThat(a.inactiveReason()).isEqualTo("disabled_upstream");
  }

  @Test
  void aPatchedEmailIsFoundByItsNormalizedForm() {
    String client = createClient(MSP_A, "Contoso");
    String ada = create(MSP_A, client, "Ada", "ada@contoso.example");

    directory.applyPatches(MSP_A, List.of(new ContactPatch(ada, null, "Ada.Lovelace@Contoso.example", null, null, null)));

    assertThat(directory.findByEmails(MSP_A, client, List.of("ada.lovelace@contoso.example")))
        .extracting(HostContact::id).containsExactly(ada);
    assertThat(directory.findByEmails(MSP_A, client, List.of("ada@contoso.example"))).isEmpty();
  }

  // ---- inactive / active ---------------------------------------------------------------------

  @Test
  void setInactiveRecordsTheReasonAndSetActiveClearsIt() {
    String client = createClient(MSP_A, "Contoso");
    String ada = create(MSP_A, client, "Ada Lovelace", "ada@contoso.example");
    String grace = create(MSP_A, client, "Grace Hopper", "grace@contoso.example");
    String alan = create(MSP_A, client, "Alan Turing", "alan@contoso.example");

    directory.setInactive(MSP_A, List.of(ada, grace), "deleted_upstream");

    Map<String, HostContact> byId = byId(directory.findByIds(MSP_A, List.of(ada, grace, alan)));
    assertThat(byId.get(ada).inactive()).isTrue();
    assertThat(byId.get(ada).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(byId.get(grace).inactive()).isTrue();
    assertThat(byId.get(grace).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(byId.get(alan).inactive()).isFalse();

    directory.setActive(MSP_A, List.of(ada));

    byId = byId(directory.findByIds(MSP_A, List.of(ada, grace)));
    assertThat(byId.get(ada).inactive()).isFalse();
    assertThat(byId.get(ada).inactiveReason()).isNull();
    assertThat(byId.get(grace).inactive()).isTrue();
  }

  @Test
  void setInactiveAgainReplacesTheReason() {
    String client = createClient(MSP_A, "Contoso");
    String ada = create(MSP_A, client, "Ada Lovelace", "ada@contoso.example");

    directory.setInactive(MSP_A, List.of(ada), "disabled_upstream");
    directory.setInactive(MSP_A, List.of(ada), "deleted_upstream");

    assertThat(only(directory.findByIds(MSP_A, List.of(ada))).inactiveReason()).isEqualTo("deleted_upstream");
  }

  // ---- emails unique per MSP tenant (optional host rule) -------------------------------------

  @Test
  void withUniqueEmailsACreateWhoseEmailBelongsToAnotherClientIsRefusedAndTheRestOfTheBatchIsCreated() {
    HostContactDirectory unique = directoryWithUniqueEmails();
    assumeTrue(unique != null, "this host has no unique-email rule");
    String contoso = createClient(MSP_A, "Contoso");
    String fabrikam = createClient(MSP_A, "Fabrikam");
    String existing = createWith(unique, MSP_A, contoso, "Sam Shared", "Sam@Shared.example");

    List<ContactCreateOutcome> outcomes = unique.createContacts(MSP_A, List.of(
        newContact("req-1", fabrikam, "Ada Lovelace", "ada@fabrikam.example"),
        newContact("req-2", fabrikam, "Sam Shared", "sam@shared.example"),
        newContact("req-3", fabrikam, "Grace Hopper", "grace@fabrikam.example")));

    assertThat(outcomes).hasSize(3);
    Map<String, ContactCreateOutcome> byKey = outcomes.stream()
        .collect(Collectors.toMap(ContactCreateOutcome::requestKey, o -> o));
    assertThat(byKey.get("req-2")).isInstanceOf(ContactCreateOutcome.Refused.class);
    assertThat(((ContactCreateOutcome.Refused) byKey.get("req-2")).reason()).isNotBlank();
    assertThat(byKey.get("req-1")).isInstanceOf(ContactCreateOutcome.Created.class);
    assertThat(byKey.get("req-3")).isInstanceOf(ContactCreateOutcome.Created.class);
    assertThat(unique.findByEmails(MSP_A, fabrikam, List.of("sam@shared.example"))).isEmpty();
    assertThat(unique.findByEmails(MSP_A, contoso, List.of("sam@shared.example")))
        .extracting(HostContact::id).containsExactly(existing);
  }

  @Test
  void withUniqueEmailsTheSameEmailInAnotherMspTenantIsNoConflict() {
    HostContactDirectory unique = directoryWithUniqueEmails();
    assumeTrue(unique != null, "this host has no unique-email rule");
    String contosoA = createClient(MSP_A, "Contoso");
    String fabrikamB = createClient(MSP_B, "Fabrikam");
    createWith(unique, MSP_A, contosoA, "Sam Shared", "sam@shared.example");

    List<ContactCreateOutcome> outcomes =
        unique.createContacts(MSP_B, List.of(newContact("req-1", fabrikamB, "Sam Shared", "sam@shared.example")));

    assertThat(outcomes).singleElement().isInstanceOf(ContactCreateOutcome.Created.class);
  }

  // ---- tenant isolation ----------------------------------------------------------------------

  @Test
  void twoMspTenantsWithIdenticalDataNeverSeeOrChangeEachOther() {
    String clientA = createClient(MSP_A, "Contoso");
    String clientB = createClient(MSP_B, "Contoso");
    List<String> idsA = new ArrayList<>();
    List<String> idsB = new ArrayList<>();
    for (String name : List.of("ada", "grace")) {
      idsA.add(create(MSP_A, clientA, name, name + "@contoso.example"));
      idsB.add(create(MSP_B, clientB, name, name + "@contoso.example"));
    }
    List<HostContact> contactsOfB = directory.findByIds(MSP_B, idsB);

    // Reads: A's view contains A's contacts only.
    List<HostContact> aByEmail = directory.findByEmails(MSP_A, clientA, List.of("ada@contoso.example", "grace@contoso.example"));
    assertThat(aByEmail).extracting(HostContact::id).containsExactlyInAnyOrderElementsOf(idsA);
    assertThat(directory.findByEmails(MSP_A, clientB, List.of("ada@contoso.example")))
        .allSatisfy(c -> assertThat(idsA).contains(c.id()));
    assertThat(directory.findByIds(MSP_A, idsB)).allSatisfy(c -> assertThat(idsA).contains(c.id()));

    // Writes through A with B's ids never reach B's contacts (unless the host reuses the same ids in both tenants,
    // in which case they reach A's own contacts).
    directory.setInactive(MSP_A, idsB, "deleted_upstream");
    directory.applyPatches(MSP_A, idsB.stream().map(id -> new ContactPatch(id, "Changed", null, "Changed", null, null)).toList());
    assertThat(directory.findByIds(MSP_B, idsB)).containsExactlyInAnyOrderElementsOf(contactsOfB);

    directory.setInactive(MSP_B, idsB, "deleted_upstream");
    directory.setActive(MSP_A, idsB);
    assertThat(directory.findByIds(MSP_B, idsB)).allSatisfy(c -> assertThat(c.inactive()).isTrue());
  }

  // ---- never delete --------------------------------------------------------------------------

  @Test
  void noMethodCanDeleteAContact() {
    List<Method> methods = new ArrayList<>(Arrays.asList(HostContactDirectory.class.getMethods()));
    methods.addAll(Arrays.asList(directory.getClass().getMethods()));
    assertThat(methods).extracting(Method::getName).noneMatch(name -> DESTRUCTIVE.matcher(name).matches());
  }

  // ---- helpers -------------------------------------------------------------------------------

  protected static NewContact newContact(String key, String clientId, String name, String email) {
    return new NewContact(key, clientId, name, email, null, null, List.of());
  }

  /** Creates one contact through the directory under test and returns its id. */
  protected String create(MspTenantId msp, String clientId, String name, String email) {
    return createWith(directory, msp, clientId, name, email);
  }

  protected String createFull(MspTenantId msp, String clientId, String name, String email, String role, String upn,
      List<ContactPhone> phones) {
    List<ContactCreateOutcome> outcomes = directory.createContacts(msp,
        List.of(new NewContact("seed-" + email, clientId, name, email, role, upn, phones)));
    return ((ContactCreateOutcome.Created) outcomes.get(0)).contactId();
  }

  private static String createWith(HostContactDirectory target, MspTenantId msp, String clientId, String name, String email) {
    List<ContactCreateOutcome> outcomes = target.createContacts(msp, List.of(newContact("seed-" + email, clientId, name, email)));
    assertThat(outcomes).singleElement().isInstanceOf(ContactCreateOutcome.Created.class);
    return ((ContactCreateOutcome.Created) outcomes.get(0)).contactId();
  }

  private static Map<String, String> createdIds(List<ContactCreateOutcome> outcomes) {
    Map<String, String> ids = new HashMap<>();
    for (ContactCreateOutcome outcome : outcomes) {
      ids.put(outcome.requestKey(), ((ContactCreateOutcome.Created) outcome).contactId());
    }
    return ids;
  }

  private static HostContact only(List<HostContact> contacts) {
    assertThat(contacts).hasSize(1);
    return contacts.get(0);
  }

  private static Map<String, HostContact> byId(List<HostContact> contacts) {
    return contacts.stream().collect(Collectors.toMap(HostContact::id, c -> c));
  }
}
