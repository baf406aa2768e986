package org.entrasync.core.fakes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * The host's contacts in memory, per MSP tenant. Thread-safe and deterministic.
 *
 * <ul>
 *   <li>Created contacts get ids {@code contact-000001}, {@code contact-000002}, ... from one
 *       sequence for all MSP tenants, so ids never repeat across tenants (an id already taken by a
 *       seeded contact is skipped).
 *   <li>Email lookups compare the stored email normalized ({@link EmailNormalization}), within one client.
 *   <li>With {@code emailsUniquePerMspTenant}, a create whose email (normalized) already belongs to
 *       a contact of <em>another</em> client of the MSP tenant is {@link ContactCreateOutcome.Refused};
 *       the other contacts of the batch are still created. {@link #refuseCreatesWhere} adds further
 *       refusal rules.
 *   <li>Every SPI method is counted ({@link #calls}), so tests can assert batching.
 *   <li>Results are ordered by contact id.
 * </ul>
 *
 * Like every host directory, it has no way to delete a contact.
 */
public final class InMemoryHostContactDirectory implements HostContactDirectory {
  /** The SPI methods, for {@link #calls}. */
  public enum Call {
    FIND_BY_EMAILS,
    FIND_BY_IDS,
    CREATE_CONTACTS,
    APPLY_PATCHES,
    SET_INACTIVE,
    SET_ACTIVE
  }

  private final boolean emailsUniquePerMspTenant;
  private final Map<MspTenantId, TreeMap<String, HostContact>> contacts = new HashMap<>();
  private int sequence;
  private final Map<Call, AtomicInteger> calls = new EnumMap<>(Call.class);
  private final List<RefusalRule> refusalRules = new ArrayList<>();

  public InMemoryHostContactDirectory() {
    this(false);
  }

  /** @param emailsUniquePerMspTenant refuse a create whose email belongs to another client's contact */
  public InMemoryHostContactDirectory(boolean emailsUniquePerMspTenant) {
    this.emailsUniquePerMspTenant = emailsUniquePerMspTenant;
    for (Call call : Call.values()) {
      calls.put(call, new AtomicInteger());
    }
  }

  public boolean emailsUniquePerMspTenant() {
    return emailsUniquePerMspTenant;
  }

  // ---- the SPI -------------------------------------------------------------------------------

  @Override
  public synchronized List<HostContact> findByEmails(MspTenantId tenant, String clientId, Collection<String> normalizedEmails) {
    count(Call.FIND_BY_EMAILS);
    Objects.requireNonNull(clientId, "clientId");
    Set<String> wanted = new HashSet<>(normalizedEmails);
    List<HostContact> found = new ArrayList<>();
    for (HostContact contact : of(tenant).values()) {
      if (clientId.equals(contact.clientId()) && normalize(contact.email()).filter(wanted::contains).isPresent()) {
        found.add(contact);
      }
    }
    return found;
  }

  @Override
  public synchronized List<HostContact> findByIds(MspTenantId tenant, Collection<String> contactIds) {
    count(Call.FIND_BY_IDS);
    TreeMap<String, HostContact> byId = of(tenant);
    List<HostContact> found = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(contactIds)) {
      HostContact contact = byId.get(id);
      if (contact != null) {
        found.add(contact);
      }
    }
    return found;
  }

  @Override
  public synchronized List<ContactCreateOutcome> createContacts(MspTenantId tenant, List<NewContact> requested) {
    count(Call.CREATE_CONTACTS);
    TreeMap<String, HostContact> byId = mutableOf(tenant);
    List<ContactCreateOutcome> outcomes = new ArrayList<>(requested.size());
    for (NewContact request : requested) {
      Optional<String> refusal = refusal(byId, request);
      if (refusal.isPresent()) {
        outcomes.add(new ContactCreateOutcome.Refused(request.requestKey(), refusal.get()));
        continue;
      }
      String id = nextId(tenant, byId);
      byId.put(id, new HostContact(id, request.clientId(), request.fullName(), request.email(), request.role(),
          request.userPrincipalName(), request.phones(), false, null));
      outcomes.add(new ContactCreateOutcome.Created(request.requestKey(), id));
    }
    return outcomes;
  }

  @Override
  public synchronized void applyPatches(MspTenantId tenant, List<ContactPatch> patches) {
    count(Call.APPLY_PATCHES);
    TreeMap<String, HostContact> byId = mutableOf(tenant);
    for (ContactPatch patch : patches) {
      HostContact c = byId.get(patch.contactId());
      if (c == null) {
        continue; // nothing to patch; a patch never creates a contact
      }
      byId.put(c.id(), new HostContact(c.id(), c.clientId(),
          patch.fullName() != null ? patch.fullName() : c.fullName(),
          patch.email() != null ? patch.email() : c.email(),
          patch.role() != null ? patch.role() : c.role(),
          patch.userPrincipalName() != null ? patch.userPrincipalName() : c.userPrincipalName(),
          patch.phones() != null ? patch.phones() : c.phones(),
          c.inactive(), c.inactiveReason()));
    }
  }

  @Override
  public synchronized void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason) {
    count(Call.SET_INACTIVE);
    setState(tenant, contactIds, true, reason);
  }

  @Override
  public synchronized void setActive(MspTenantId tenant, Collection<String> contactIds) {
    count(Call.SET_ACTIVE);
    setState(tenant, contactIds, false, null);
  }

  // ---- test support --------------------------------------------------------------------------

  /** Adds a contact as the host had it before anything ran (not counted as a call). */
  public synchronized HostContact seed(MspTenantId tenant, HostContact contact) {
    TreeMap<String, HostContact> byId = mutableOf(tenant);
    if (byId.containsKey(contact.id())) {
      throw new IllegalArgumentException("Contact " + contact.id() + " exists already in " + tenant);
    }
    byId.put(contact.id(), contact);
    return contact;
  }

  /** Adds an active contact with an email and a name, nothing else. */
  public HostContact seed(MspTenantId tenant, String id, String clientId, String fullName, String email) {
    return seed(tenant, new HostContact(id, clientId, fullName, email, null, null, List.of(), false, null));
  }

  /** Changes a contact as an MSP user would in the host (not counted as a call). */
  public synchronized HostContact edit(MspTenantId tenant, String contactId, UnaryOperator<HostContact> change) {
    TreeMap<String, HostContact> byId = mutableOf(tenant);
    HostContact current = byId.get(contactId);
    if (current == null) {
      throw new IllegalArgumentException("No contact " + contactId + " in " + tenant);
    }
    HostContact changed = change.apply(current);
    if (!changed.id().equals(contactId)) {
      throw new IllegalArgumentException("An edit cannot change a contact's id");
    }
    byId.put(contactId, changed);
    return changed;
  }

  /** Refuses every create matching {@code rule}, with {@code reason}, from now on. */
  public synchronized InMemoryHostContactDirectory refuseCreatesWhere(Predicate<NewContact> rule, String reason) {
    refusalRules.add(new RefusalRule(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(reason, "reason")));
    return this;
  }

  /** Every contact of the tenant, ordered by id. */
  public synchronized List<HostContact> all(MspTenantId tenant) {
    return new ArrayList<>(of(tenant).values());
  }

  public synchronized Optional<HostContact> find(MspTenantId tenant, String contactId) {
    return Optional.ofNullable(of(tenant).get(contactId));
  }

  /** Contacts of the tenant (any client) whose normalized email is {@code email}, ordered by id. */
  public synchronized List<HostContact> withEmail(MspTenantId tenant, String email) {
    String wanted = EmailNormalization.normalize(email);
    return of(tenant).values().stream().filter(c -> normalize(c.email()).filter(wanted::equals).isPresent()).toList();
  }

  /** How many times a method was called since creation or the last {@link #resetCallCounts()}. */
  public int calls(Call call) {
    return calls.get(call).get();
  }

  /** Calls of the methods that change contacts. */
  public int writeCalls() {
    return calls(Call.CREATE_CONTACTS) + calls(Call.APPLY_PATCHES) + calls(Call.SET_INACTIVE) + calls(Call.SET_ACTIVE);
  }

  public void resetCallCounts() {
    for (AtomicInteger counter : calls.values()) {
      counter.set(0);
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  private void count(Call call) {
    calls.get(call).incrementAndGet();
  }

  private TreeMap<String, HostContact> of(MspTenantId tenant) {
    return contacts.getOrDefault(Objects.requireNonNull(tenant, "tenant"), new TreeMap<>());
  }

  private TreeMap<String, HostContact> mutableOf(MspTenantId tenant) {
    return contacts.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"), t -> new TreeMap<>());
  }

  private Optional<String> refusal(Map<String, HostContact> byId, NewContact request) {
    for (RefusalRule rule : refusalRules) {
      if (rule.rule.test(request)) {
        return Optional.of(rule.reason);
      }
    }
    if (emailsUniquePerMspTenant) {
      Optional<String> email = normalize(request.email());
      if (email.isPresent()) {
        for (HostContact other : byId.values()) {
          if (!other.clientId().equals(request.clientId()) && email.equals(normalize(other.email()))) {
            return Optional.of("The email " + email.get() + " already belongs to contact " + other.id()
                + " of another client (" + other.clientId() + "); emails are unique across the MSP's clients.");
          }
        }
      }
    }
    return Optional.empty();
  }

  private String nextId(MspTenantId tenant, Map<String, HostContact> byId) {
    String id;
    do {
      id = String.format("contact-%06d", ++sequence);
    } while (byId.containsKey(id));
    return id;
  }

  private void setState(MspTenantId tenant, Collection<String> contactIds, boolean inactive, String reason) {
    TreeMap<String, HostContact> byId = mutableOf(tenant);
    for (String id : contactIds) {
      HostContact c = byId.get(id);
      if (c != null) {
        byId.put(id, new HostContact(c.id(), c.clientId(), c.fullName(), c.email(), c.role(), c.userPrincipalName(),
            c.phones(), inactive, inactive ? reason : null));
      }
    }
  }

  private static Optional<String> normalize(String email) {
    return Optional.ofNullable(EmailNormalization.normalize(email));
  }

  private record RefusalRule(Predicate<NewContact> rule, String reason) {}
}
