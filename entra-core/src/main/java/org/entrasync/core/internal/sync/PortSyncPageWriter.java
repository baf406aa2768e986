package org.entrasync.core.internal.sync;

import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Resolution;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * Applies a page's plan through the ports, for hosts whose contacts live outside the library's
 * database (so no single transaction can span both). Every step is batched (one call per kind of
 * write per page) and ordered host contact first, link last: creates, field patches,
 * inactivations, reactivations, then the links that record what was done, then seen marks and the
 * queue. A crash between two writes therefore heals on the retry, which plans the page again from
 * fresh reads and compares with the contacts' actual state: a contact created before the crash is
 * found by its email and linked instead of created twice; a contact inactivated or reactivated
 * before its link recorded it is recognised by its own state (see {@code
 * SyncPlanner.inactivatedBySync}) and the link is completed.
 */
public final class PortSyncPageWriter implements SyncPageWriter {
  private final HostContactDirectory contacts;
  private final ContactLinkRepository links;
  private final ReconciliationQueueRepository queue;

  @Inject
  public PortSyncPageWriter(HostContactDirectory contacts, ContactLinkRepository links, ReconciliationQueueRepository queue) {
    this.contacts = Objects.requireNonNull(contacts, "contacts");
    this.links = Objects.requireNonNull(links, "links");
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  @Override
  public PageWriteResult apply(MspTenantId msp, SyncPlan plan, Instant syncedAt) {
    List<NewContact> toCreate = new ArrayList<>();
    Map<String, EntraObjectId> createdFor = new HashMap<>();
    List<ContactLink> linkUpserts = new ArrayList<>();
    List<ContactPatch> patches = new ArrayList<>();
    Map<InactiveReason, List<String>> inactivate = new HashMap<>();
    List<String> reactivate = new ArrayList<>();
    List<ReconciliationItem> queued = new ArrayList<>();
    Map<EntraObjectId, Resolution> resolvedBy = new HashMap<>();
    Map<EntraObjectId, InactiveReason> pendingRemovals = new java.util.LinkedHashMap<>();
    java.util.Set<EntraObjectId> pendingDropped = new java.util.LinkedHashSet<>(plan.upkeep().returned());

    for (PlannedAction action : plan.actions()) {
      if (action instanceof PlannedAction.Create create) {
        toCreate.add(create.contact());
        createdFor.put(create.contact().requestKey(), create.objectId());
      } else if (action instanceof PlannedAction.Link link) {
        linkUpserts.add(link(plan, link.objectId(), link.contactId(), null, syncedAt));
        if (link.patch() != null && !link.patch().isEmpty()) {
          patches.add(link.patch());
        }
        resolvedBy.put(link.objectId(), Resolution.autoLinked(link.contactId()));
      } else if (action instanceof PlannedAction.Update update) {
        patches.add(update.patch());
      } else if (action instanceof PlannedAction.Inactivate off) {
        inactivate.computeIfAbsent(off.reason(), r -> new ArrayList<>()).add(off.contactId());
        linkUpserts.add(link(plan, off.objectId(), off.contactId(), off.reason(), syncedAt));
        pendingDropped.add(off.objectId()); // decided
      } else if (action instanceof PlannedAction.PendingRemoval pending) {
        pendingRemovals.put(pending.objectId(), pending.reason());
      } else if (action instanceof PlannedAction.Reactivate on) {
        reactivate.add(on.contactId());
        if (on.patch() != null && !on.patch().isEmpty()) {
          patches.add(on.patch());
        }
        linkUpserts.add(link(plan, on.objectId(), on.contactId(), null, syncedAt));
      } else if (action instanceof PlannedAction.Queue q) {
        queued.add(new ReconciliationItem(plan.tenantId(), q.objectId(), plan.clientId(), q.email(), q.displayName(),
            q.candidateContactIds(), QueueStatus.OPEN, null, null, syncedAt, null, q.values()));
      }
    }

    List<PlannedAction.Skip> refused = new ArrayList<>();
    List<NewContact> stillToCreate = toCreate;
    if (!toCreate.isEmpty()) {
      // The same plan applied again (a retried page) must not create its contacts twice: an identity
      // that an earlier apply already linked keeps the contact created then.
      Map<EntraObjectId, ContactLink> alreadyLinked = links.findActiveByObjectIds(msp, plan.tenantId(), createdFor.values());
      if (!alreadyLinked.isEmpty()) {
        stillToCreate = new ArrayList<>();
        for (NewContact contact : toCreate) {
          ContactLink existing = alreadyLinked.get(createdFor.get(contact.requestKey()));
          if (existing == null) {
            stillToCreate.add(contact);
          } else {
            resolvedBy.put(existing.objectId(), Resolution.autoCreated(existing.contactId()));
          }
        }
      }
    }
    if (!stillToCreate.isEmpty()) {
      java.util.Set<String> unanswered = new java.util.LinkedHashSet<>();
      stillToCreate.forEach(contact -> unanswered.add(contact.requestKey()));
      for (ContactCreateOutcome outcome : contacts.createContacts(msp, stillToCreate)) {
        EntraObjectId objectId = createdFor.get(outcome.requestKey());
        if (objectId == null || !unanswered.remove(outcome.requestKey())) {
          continue; // the host answered for a request we did not make (or twice); ignore it rather than guess
        }
        if (outcome instanceof ContactCreateOutcome.Created done) {
          linkUpserts.add(link(plan, objectId, done.contactId(), null, syncedAt));
          resolvedBy.put(objectId, Resolution.autoCreated(done.contactId()));
        } else {
          refused.add(new PlannedAction.Skip(objectId, SkipReason.HOST_REFUSED, ((ContactCreateOutcome.Refused) outcome).reason()));
        }
      }
      for (String key : unanswered) {
        refused.add(new PlannedAction.Skip(createdFor.get(key), SkipReason.HOST_REFUSED, "the host did not create the contact"));
      }
    }
    // Host contacts first ...
    if (!patches.isEmpty()) {
      contacts.applyPatches(msp, patches);
    }
    for (Map.Entry<InactiveReason, List<String>> e : inactivate.entrySet()) {
      contacts.setInactive(msp, e.getValue(), e.getKey().wireName());
    }
    if (!reactivate.isEmpty()) {
      contacts.setActive(msp, reactivate);
    }
    // ... then the links that record what was done to them.
    if (!linkUpserts.isEmpty()) {
      links.upsert(msp, linkUpserts);
    }
    if (!plan.upkeep().clearSyncReason().isEmpty()) {
      links.clearSyncReason(msp, plan.tenantId(), plan.upkeep().clearSyncReason());
    }
    if (!plan.upkeep().accountEnabled().isEmpty()) {
      links.recordAccountEnabled(msp, plan.tenantId(), plan.upkeep().accountEnabled());
    }
    pendingDropped.removeAll(pendingRemovals.keySet());
    if (!pendingDropped.isEmpty()) {
      links.clearPendingRemoval(msp, plan.tenantId(), pendingDropped);
    }
    if (!pendingRemovals.isEmpty()) {
      links.markPendingRemoval(msp, plan.tenantId(), pendingRemovals, syncedAt);
    }
    if (!plan.seenObjectIds().isEmpty() || !plan.upkeep().heard().isEmpty()) {
      java.util.Set<EntraObjectId> seen = new java.util.LinkedHashSet<>(plan.seenObjectIds());
      seen.addAll(plan.upkeep().heard());
      links.markSeen(msp, plan.tenantId(), seen, syncedAt);
    }
    if (!queued.isEmpty()) {
      queue.upsertOpen(msp, queued);
    }
    if (!resolvedBy.isEmpty()) {
      queue.resolveOpen(msp, plan.tenantId(), resolvedBy, syncedAt);
    }
    return PageWriteResult.of(plan, refused, List.of());
  }

  private static ContactLink link(SyncPlan plan, EntraObjectId objectId, String contactId, InactiveReason syncInactivated, Instant at) {
    return new ContactLink(plan.tenantId(), objectId, contactId, plan.clientId(), true, syncInactivated, at, at);
  }
}
