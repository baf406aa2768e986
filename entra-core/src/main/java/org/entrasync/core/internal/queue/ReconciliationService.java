package org.entrasync.core.internal.queue;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.Emails;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.queue.QueueEntry;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * The reconciliation queue: identities with several plausible contacts wait here for an operator,
 * who links one of the candidates (or any contact of the same client), creates a new contact, or
 * dismisses the item (later syncs then leave the identity alone).
 *
 * <p>A link made here, outside a listing, must still get the enabled fields although the user may
 * never change upstream again: resolving drops the tenant's delta cursor (as a toggle change does),
 * so its next sync lists every user and applies the fields. A contact created here gets every value
 * Entra had when the identity was queued (name, email, job title, UPN, phones).
 */
public final class ReconciliationService {
  private final ReconciliationQueueRepository queue;
  private final ContactLinkRepository links;
  private final HostContactDirectory contacts;
  private final ManagedTenantRepository tenants;
  private final Clock clock;

  @Inject
  public ReconciliationService(ReconciliationQueueRepository queue, ContactLinkRepository links, HostContactDirectory contacts,
      ManagedTenantRepository tenants, Clock clock) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.links = Objects.requireNonNull(links, "links");
    this.contacts = Objects.requireNonNull(contacts, "contacts");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Open items, oldest first, each with its candidate contacts (one batched read for all). */
  public List<QueueEntry> listOpen(MspTenantId msp) {
    List<ReconciliationItem> items = queue.listOpen(msp);
    Set<String> ids = new LinkedHashSet<>();
    items.forEach(i -> ids.addAll(i.candidateContactIds()));
    Map<String, HostContact> byId = new HashMap<>();
    if (!ids.isEmpty()) {
      contacts.findByIds(msp, ids).forEach(c -> byId.put(c.id(), c));
    }
    List<QueueEntry> entries = new ArrayList<>(items.size());
    for (ReconciliationItem item : items) {
      entries.add(new QueueEntry(item, item.candidateContactIds().stream().map(byId::get).filter(Objects::nonNull).toList()));
    }
    return entries;
  }

  /**
   * Links the identity to an existing contact of the item's client.
   *
   * @throws RefusedException VALIDATION if there is no open item or the contact is not one of this
   *     MSP's contacts of the item's client; CONFLICT if the contact is linked to another identity
   */
  public void resolveToExisting(MspTenantId msp, String by, EntraObjectId objectId, String contactId) {
    ReconciliationItem item = requireOpen(msp, objectId);
    List<HostContact> found = contacts.findByIds(msp, List.of(contactId));
    if (found.isEmpty()) {
      throw new RefusedException(Refusal.VALIDATION, "Contact " + contactId + " does not exist for this MSP.");
    }
    HostContact contact = found.get(0);
    if (!contact.clientId().equals(item.clientId())) {
      throw new RefusedException(Refusal.VALIDATION, "Contact " + contactId + " belongs to another client ("
          + contact.clientId() + "); an identity of this tenant can only be linked to a contact of client " + item.clientId() + ".");
    }
    links.findActiveByContact(msp, contactId).filter(l -> !l.objectId().equals(objectId)).ifPresent(l -> {
      throw new RefusedException(Refusal.CONFLICT, "Contact " + contactId + " is already linked to Entra user " + l.objectId()
          + "; a contact can be linked to one identity only.");
    });
    Instant now = clock.instant();
    links.upsert(msp, List.of(new ContactLink(item.tenantId(), objectId, contactId, item.clientId(), true, null, now, now)));
    queue.close(msp, item.tenantId(), objectId, Resolution.linked(contactId), by, now);
    tenants.saveDeltaCursor(msp, item.tenantId(), null);
  }

  /**
   * Creates a new contact for the identity in the item's client and links it.
   *
   * @return the new contact's id
   * @throws RefusedException CONFLICT when the host refuses the contact (its reason is passed on)
   */
  public String resolveToNew(MspTenantId msp, String by, EntraObjectId objectId) {
    ReconciliationItem item = requireOpen(msp, objectId);
    String email = Emails.normalize(item.email()).orElseThrow(() -> new RefusedException(Refusal.VALIDATION,
        "The queued identity has no email address to create a contact with."));
    String name = item.displayName() == null || item.displayName().isBlank() ? Emails.localPart(email) : item.displayName();
    ReconciliationItem.Values values = item.values();
    List<ContactCreateOutcome> outcomes = contacts.createContacts(msp, List.of(new NewContact(objectId.value(),
        item.clientId(), name, email, values.jobTitle(), values.userPrincipalName(), values.phones())));
    ContactCreateOutcome outcome = outcomes.stream().filter(o -> o.requestKey().equals(objectId.value())).findFirst()
        .orElseThrow(() -> new IllegalStateException("The host answered no outcome for the contact it was asked to create"));
    if (outcome instanceof ContactCreateOutcome.Refused refused) {
      throw new RefusedException(Refusal.CONFLICT, "The host refused to create the contact: " + refused.reason());
    }
    String contactId = ((ContactCreateOutcome.Created) outcome).contactId();
    Instant now = clock.instant();
    links.upsert(msp, List.of(new ContactLink(item.tenantId(), objectId, contactId, item.clientId(), true, null, now, now)));
    queue.close(msp, item.tenantId(), objectId, Resolution.created(contactId), by, now);
    tenants.saveDeltaCursor(msp, item.tenantId(), null);
    return contactId;
  }

  /** Dismisses the item; later syncs do not queue the identity again. */
  public void dismiss(MspTenantId msp, String by, EntraObjectId objectId) {
    ReconciliationItem item = requireOpen(msp, objectId);
    queue.close(msp, item.tenantId(), objectId, Resolution.DISMISSED, by, clock.instant());
  }

  private ReconciliationItem requireOpen(MspTenantId msp, EntraObjectId objectId) {
    return queue.listOpen(msp).stream().filter(i -> i.objectId().equals(objectId)).findFirst()
        .orElseThrow(() -> new RefusedException(Refusal.VALIDATION, "Entra user " + objectId + " has no open reconciliation item."));
  }
}
