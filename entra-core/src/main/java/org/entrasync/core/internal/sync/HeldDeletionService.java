package org.entrasync.core.internal.sync;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.sync.HeldDeletionsView;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;

/**
 * The inactivations the deletion-safety valve holds: shown per tenant with a sample of the contacts
 * they concern, and approved by an operator, after which the next sync of the tenant applies exactly
 * that set (each identity checked again) without the threshold.
 */
public final class HeldDeletionService {
  /** How many contact names a view shows. */
  public static final int SAMPLE_SIZE = 5;

  private final HeldDeletionRepository held;
  private final ContactLinkRepository links;
  private final HostContactDirectory contacts;
  private final ManagedTenantRepository tenants;
  private final Clock clock;

  @Inject
  public HeldDeletionService(HeldDeletionRepository held, ContactLinkRepository links, HostContactDirectory contacts,
      ManagedTenantRepository tenants, Clock clock) {
    this.held = Objects.requireNonNull(held, "held");
    this.links = Objects.requireNonNull(links, "links");
    this.contacts = Objects.requireNonNull(contacts, "contacts");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Every tenant that holds inactivations, by tenant id. */
  public List<HeldDeletionsView> list(MspTenantId msp) {
    List<HeldDeletionsView> views = new ArrayList<>();
    for (HeldDeletions set : held.listHeld(msp)) {
      views.add(view(msp, set));
    }
    return views;
  }

  /**
   * Approves the tenant's held set as it is now.
   *
   * @throws RefusedException VALIDATION when the tenant holds nothing (nothing is written)
   */
  public HeldDeletionsView approve(MspTenantId msp, String by, EntraTenantId tenantId) {
    if (tenantId == null) {
      throw new RefusedException(Refusal.VALIDATION, "Name the Entra tenant whose held deletions to approve.");
    }
    if (!held.approve(msp, tenantId, by, clock.instant())) {
      throw new RefusedException(Refusal.VALIDATION, "Tenant " + tenantId + " holds no deletions to approve.");
    }
    return view(msp, held.find(msp, tenantId).orElseThrow());
  }

  private HeldDeletionsView view(MspTenantId msp, HeldDeletions set) {
    int disabled = (int) set.identities().stream().filter(i -> i.reason() == InactiveReason.DISABLED_UPSTREAM).count();
    List<EntraObjectId> first = set.identities().stream().limit(SAMPLE_SIZE).map(HeldDeletions.HeldIdentity::objectId).toList();
    Map<EntraObjectId, ContactLink> linked = links.findActiveByObjectIds(msp, set.tenantId(), first);
    Set<String> names = new TreeSet<>();
    List<String> contactIds = linked.values().stream().map(ContactLink::contactId).toList();
    if (!contactIds.isEmpty()) {
      for (HostContact contact : contacts.findByIds(msp, contactIds)) {
        names.add(contact.fullName() != null ? contact.fullName() : contact.id());
      }
    }
    String tenantName = tenants.find(msp, set.tenantId()).map(ManagedTenant::displayName).orElse(set.tenantId().value());
    return new HeldDeletionsView(set.tenantId(), tenantName, set.count(), set.reason(), set.count() - disabled, disabled,
        set.activeLinksBefore(), set.heldSince(), List.copyOf(names), set.approvedBy(), set.approvedAt());
  }
}
