package org.entrasync.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.spi.MspTenantId;

/**
 * Identity-to-contact links in memory, per MSP tenant. One link per (Entra tenant, object id);
 * at most one active link per contact: an upsert that would give a contact a second active link is
 * rejected as a whole ({@link IllegalStateException}, as a unique constraint would). Links are
 * never deleted. Thread-safe.
 */
public final class InMemoryContactLinkRepository implements ContactLinkRepository {
  /** Per MSP, keyed "tenant|object" so iteration is ordered by tenant then object id. */
  private final Map<MspTenantId, TreeMap<String, ContactLink>> links = new HashMap<>();
  private int upsertCalls;
  private int activeReads;

  /** How many times {@link #findActiveByObjectIds} was called (what a page's planning reads). */
  public synchronized int activeReads() {
    return activeReads;
  }

  @Override
  public synchronized Map<EntraObjectId, ContactLink> findActiveByObjectIds(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    activeReads++;
    TreeMap<String, ContactLink> all = of(msp);
    Map<EntraObjectId, ContactLink> found = new LinkedHashMap<>();
    for (EntraObjectId objectId : objectIds) {
      ContactLink link = all.get(key(tenantId, objectId));
      if (link != null && link.active()) {
        found.put(objectId, link);
      }
    }
    return found;
  }

  @Override
  public synchronized Set<String> findLinkedContactIds(MspTenantId msp, Collection<String> contactIds) {
    Set<String> wanted = new HashSet<>(contactIds);
    Set<String> linked = new HashSet<>();
    for (ContactLink link : of(msp).values()) {
      if (link.active() && wanted.contains(link.contactId())) {
        linked.add(link.contactId());
      }
    }
    return linked;
  }

  @Override
  public synchronized Optional<ContactLink> findActiveByContact(MspTenantId msp, String contactId) {
    return of(msp).values().stream().filter(l -> l.active() && l.contactId().equals(contactId)).findFirst();
  }

  @Override
  public synchronized void upsert(MspTenantId msp, List<ContactLink> batch) {
    upsertCalls++;
    TreeMap<String, ContactLink> next = new TreeMap<>(mutableOf(msp));
    for (ContactLink link : batch) {
      Objects.requireNonNull(link, "link");
      String key = key(link.tenantId(), link.objectId());
      ContactLink before = next.get(key);
      // The pending removal is not the upsert's to write: an existing link keeps its own.
      next.put(key, new ContactLink(link.tenantId(), link.objectId(), link.contactId(), link.clientId(), link.active(),
          link.syncInactivated(), link.lastSeenAt(), link.lastSyncedAt(),
          before == null ? null : before.pendingRemoval(), before == null ? null : before.pendingSince(),
          before == null ? null : before.accountEnabled()));
    }
    Map<String, ContactLink> activeByContact = new HashMap<>();
    for (ContactLink link : next.values()) {
      if (link.active()) {
        ContactLink other = activeByContact.put(link.contactId(), link);
        if (other != null) {
          throw new IllegalStateException("Contact " + link.contactId() + " would have two active links ("
              + other.tenantId() + "/" + other.objectId() + " and " + link.tenantId() + "/" + link.objectId() + ")");
        }
      }
    }
    links.put(msp, next);
  }

  @Override
  public synchronized void clearSyncReason(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    TreeMap<String, ContactLink> all = mutableOf(msp);
    for (EntraObjectId objectId : objectIds) {
      String key = key(tenantId, objectId);
      ContactLink l = all.get(key);
      if (l != null) {
        all.put(key, new ContactLink(l.tenantId(), l.objectId(), l.contactId(), l.clientId(), l.active(), null,
            l.lastSeenAt(), l.lastSyncedAt(), l.pendingRemoval(), l.pendingSince()).withAccountEnabled(l.accountEnabled()));
      }
    }
  }

  @Override
  public synchronized void markPendingRemoval(MspTenantId msp, EntraTenantId tenantId,
      Map<EntraObjectId, InactiveReason> reasons, Instant at) {
    Objects.requireNonNull(at, "at");
    TreeMap<String, ContactLink> all = mutableOf(msp);
    reasons.forEach((objectId, reason) -> {
      String key = key(tenantId, objectId);
      ContactLink l = all.get(key);
      if (l != null && l.active()) {
        all.put(key, new ContactLink(l.tenantId(), l.objectId(), l.contactId(), l.clientId(), l.active(),
            l.syncInactivated(), l.lastSeenAt(), l.lastSyncedAt(), Objects.requireNonNull(reason, "reason"), at).withAccountEnabled(l.accountEnabled()));
      }
    });
  }

  @Override
  public synchronized void clearPendingRemoval(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds) {
    TreeMap<String, ContactLink> all = mutableOf(msp);
    for (EntraObjectId objectId : objectIds) {
      String key = key(tenantId, objectId);
      ContactLink l = all.get(key);
      if (l != null && l.pendingRemoval() != null) {
        all.put(key, new ContactLink(l.tenantId(), l.objectId(), l.contactId(), l.clientId(), l.active(),
            l.syncInactivated(), l.lastSeenAt(), l.lastSyncedAt()).withAccountEnabled(l.accountEnabled()));
      }
    }
  }

  @Override
  public synchronized List<ContactLink> findPendingRemovals(MspTenantId msp, EntraTenantId tenantId) {
    return of(msp).values().stream()
        .filter(l -> l.active() && l.tenantId().equals(tenantId) && l.pendingRemoval() != null)
        .toList();
  }

  @Override
  public synchronized int countUnheardSince(MspTenantId msp, EntraTenantId tenantId, Instant since) {
    return (int) of(msp).values().stream()
        .filter(l -> l.active() && l.tenantId().equals(tenantId) && l.pendingRemoval() == null
            && l.syncInactivated() != InactiveReason.DELETED_UPSTREAM
            && (l.lastSeenAt() == null || l.lastSeenAt().isBefore(since)))
        .count();
  }

  @Override
  public synchronized void recordAccountEnabled(MspTenantId msp, EntraTenantId tenantId,
      Map<EntraObjectId, Boolean> enabled) {
    TreeMap<String, ContactLink> all = mutableOf(msp);
    enabled.forEach((objectId, state) -> {
      String key = key(tenantId, objectId);
      ContactLink l = all.get(key);
      if (l != null && l.active()) {
        all.put(key, l.withAccountEnabled(Objects.requireNonNull(state, "state")));
      }
    });
  }

  @Override
  public synchronized void markSeen(MspTenantId msp, EntraTenantId tenantId, Collection<EntraObjectId> objectIds, Instant seenAt) {
    Objects.requireNonNull(seenAt, "seenAt");
    TreeMap<String, ContactLink> all = mutableOf(msp);
    for (EntraObjectId objectId : objectIds) {
      String key = key(tenantId, objectId);
      ContactLink l = all.get(key);
      if (l != null) {
        all.put(key, new ContactLink(l.tenantId(), l.objectId(), l.contactId(), l.clientId(), l.active(),
            l.syncInactivated(), seenAt, l.lastSyncedAt(), l.pendingRemoval(), l.pendingSince()).withAccountEnabled(l.accountEnabled()));
      }
    }
  }

  @Override
  public synchronized int countInSync(MspTenantId msp, EntraTenantId tenantId) {
    return (int) of(msp).values().stream()
        .filter(l -> l.active() && l.syncInactivated() == null && l.tenantId().equals(tenantId)).count();
  }

  @Override
  public synchronized int countActive(MspTenantId msp, EntraTenantId tenantId) {
    return (int) of(msp).values().stream().filter(l -> l.active() && l.tenantId().equals(tenantId)).count();
  }

  @Override
  public synchronized List<ContactLink> findActiveNotSeenSince(MspTenantId msp, EntraTenantId tenantId, Instant listingStartedAt) {
    Objects.requireNonNull(listingStartedAt, "listingStartedAt");
    List<ContactLink> found = new ArrayList<>();
    for (ContactLink l : of(msp).values()) {
      if (l.active() && l.tenantId().equals(tenantId) && l.syncInactivated() != InactiveReason.DELETED_UPSTREAM
          && (l.lastSeenAt() == null || l.lastSeenAt().isBefore(listingStartedAt))) {
        found.add(l);
      }
    }
    return found;
  }

  @Override
  public synchronized List<ContactLink> listAll(MspTenantId msp) {
    return new ArrayList<>(of(msp).values());
  }

  /** How many times {@link #upsert} was called (any tenant). */
  public synchronized int upsertCalls() {
    return upsertCalls;
  }

  private TreeMap<String, ContactLink> of(MspTenantId msp) {
    return links.getOrDefault(Objects.requireNonNull(msp, "msp"), new TreeMap<>());
  }

  private TreeMap<String, ContactLink> mutableOf(MspTenantId msp) {
    return links.computeIfAbsent(Objects.requireNonNull(msp, "msp"), m -> new TreeMap<>());
  }

  private static String key(EntraTenantId tenantId, EntraObjectId objectId) {
    return tenantId.value() + "|" + objectId.value();
  }
}
