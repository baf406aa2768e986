package org.entrasync.core.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One emulated customer tenant: users kept in insertion order, each change stamped with a
 * directory-wide version so a delta cursor is simply "the version I saw last". Deletions leave
 * tombstones so delta rounds can report {@code @removed}.
 *
 * <p>A tenant may also hold {@link #addSyntheticUsers synthetic users}: generated from their index
 * on demand, so a 200,000-user tenant costs no heap until someone changes one of them.
 */
public final class EmulatedTenant {
  private final String id;
  private volatile String displayName;
  private volatile String defaultDomainName;
  private volatile String initialDomainName;
  private final LongSupplier nextVersion;

  private final LinkedHashMap<String, Stamped> users = new LinkedHashMap<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();
  private final java.util.TreeSet<Integer> deletedSynthetic = new java.util.TreeSet<>();
  private int syntheticCount;
  private String syntheticPrefix;
  private long syntheticVersion;

  EmulatedTenant(String id, String displayName, String defaultDomainName, LongSupplier nextVersion) {
    this.id = Objects.requireNonNull(id, "id");
    this.displayName = displayName;
    this.defaultDomainName = defaultDomainName;
    this.initialDomainName = initialDomainFor(displayName, id);
    this.nextVersion = nextVersion;
  }

  private static String initialDomainFor(String displayName, String id) {
    String base = displayName == null ? id.substring(0, 8) : displayName.toLowerCase().replaceAll("[^a-z0-9]", "");
    return (base.isEmpty() ? id.substring(0, 8) : base) + ".onmicrosoft.com";
  }

  public String id() { return id; }
  public String displayName() { return displayName; }
  public String defaultDomainName() { return defaultDomainName; }
  public String initialDomainName() { return initialDomainName; }

  public EmulatedTenant rename(String newName) { this.displayName = newName; return this; }
  public EmulatedTenant defaultDomainName(String domain) { this.defaultDomainName = domain; return this; }
  public EmulatedTenant initialDomainName(String domain) { this.initialDomainName = domain; return this; }

  /** Adds or replaces a user (a restore of a deleted user clears its tombstone). */
  public synchronized EmulatedTenant upsert(EmulatedUser user) {
    tombstones.remove(user.id());
    if (isSyntheticId(user.id())) {
      int index = syntheticIndex(user.id());
      if (index >= 0) {
        deletedSynthetic.remove(index);
      }
    }
    users.put(user.id(), new Stamped(user, nextVersion.getAsLong()));
    return this;
  }

  public synchronized EmulatedTenant disable(String userId) {
    return upsert(require(userId).withAccountEnabled(false));
  }

  public synchronized EmulatedTenant enable(String userId) {
    return upsert(require(userId).withAccountEnabled(true));
  }

  /** Permanently deletes a user (delta reports {@code @removed: deleted}). */
  public synchronized EmulatedTenant delete(String userId) {
    return remove(userId, "deleted");
  }

  /** Soft-deletes a user (delta reports {@code @removed: changed}). */
  public synchronized EmulatedTenant softDelete(String userId) {
    return remove(userId, "changed");
  }

  private EmulatedTenant remove(String userId, String reason) {
    require(userId);
    users.remove(userId);
    if (isSyntheticId(userId)) {
      // a deleted synthetic user must not regenerate
      users.put(userId, null);
      deletedSynthetic.add(syntheticIndex(userId));
    }
    tombstones.put(userId, new Tombstone(userId, reason, nextVersion.getAsLong()));
    return this;
  }

  /**
   * Adds {@code count} generated users whose ids derive from {@code idPrefix} (8 hex characters)
   * and their index. They are listed before explicitly added users.
   */
  public synchronized EmulatedTenant addSyntheticUsers(String idPrefix, int count) {
    if (!idPrefix.matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("idPrefix must be 8 lower-case hex characters");
    }
    this.syntheticPrefix = idPrefix;
    this.syntheticCount = count;
    this.syntheticVersion = nextVersion.getAsLong();
    return this;
  }

  public synchronized Optional<EmulatedUser> user(String userId) {
    if (users.containsKey(userId)) {
      Stamped s = users.get(userId);
      return s == null ? Optional.empty() : Optional.of(s.user);
    }
    int index = syntheticIndex(userId);
    return index < 0 ? Optional.empty() : Optional.of(synthetic(index));
  }

  /** Number of listed users. */
  public synchronized int size() {
    int count = syntheticCount;
    for (Map.Entry<String, Stamped> e : users.entrySet()) {
      boolean synthetic = isSyntheticId(e.getKey());
      if (synthetic && e.getValue() == null) {
        count--; // a deleted synthetic user
      } else if (!synthetic && e.getValue() != null) {
        count++;
      }
    }
    return count;
  }

  /** Users in listing order from {@code offset}, at most {@code limit}. */
  public synchronized List<EmulatedUser> page(int offset, int limit) {
    List<EmulatedUser> page = new ArrayList<>(Math.min(limit, 1024));
    int listedSynthetic = syntheticCount - deletedSynthetic.size();
    if (offset < listedSynthetic) {
      // Jump straight to the offset: skip the deleted indices at or before it.
      int index = offset;
      for (int deleted : deletedSynthetic) {
        if (deleted <= index) {
          index++;
        } else {
          break;
        }
      }
      for (int i = index; i < syntheticCount && page.size() < limit; i++) {
        if (deletedSynthetic.contains(i)) {
          continue;
        }
        String userId = syntheticId(i);
        Stamped changed = users.get(userId);
        page.add(changed != null ? changed.user : synthetic(i));
      }
    }
    int position = listedSynthetic;
    for (Map.Entry<String, Stamped> e : users.entrySet()) {
      if (page.size() >= limit) {
        break;
      }
      if (isSyntheticId(e.getKey()) || e.getValue() == null) {
        continue;
      }
      if (position++ >= offset) {
        page.add(e.getValue().user);
      }
    }
    return page;
  }

  /**
   * Users in id order after {@code afterId} (null: from the first), at most {@code limit}: a keyed
   * page, as Graph's {@code $skiptoken} continues after the last entry it handed out. Unlike {@link
   * #page(int, int)}, deleting a user that was already listed shifts no one.
   */
  public synchronized List<EmulatedUser> pageAfter(String afterId, int limit) {
    java.util.TreeMap<String, EmulatedUser> explicit = new java.util.TreeMap<>();
    for (Map.Entry<String, Stamped> e : users.entrySet()) {
      if (!isSyntheticId(e.getKey()) && e.getValue() != null) {
        explicit.put(e.getKey(), e.getValue().user);
      }
    }
    java.util.Iterator<EmulatedUser> others =
        (afterId == null ? explicit : explicit.tailMap(afterId, false)).values().iterator();
    EmulatedUser other = others.hasNext() ? others.next() : null;
    int index = afterId == null ? 0 : firstSyntheticAfter(afterId);
    List<EmulatedUser> page = new ArrayList<>(Math.min(limit, 1024));
    while (page.size() < limit) {
      while (index < syntheticCount && deletedSynthetic.contains(index)) {
        index++;
      }
      String syntheticId = index < syntheticCount ? syntheticId(index) : null;
      if (syntheticId == null && other == null) {
        break;
      }
      if (other == null || (syntheticId != null && syntheticId.compareTo(other.id()) < 0)) {
        Stamped changed = users.get(syntheticId);
        page.add(changed != null ? changed.user : synthetic(index));
        index++;
      } else {
        page.add(other);
        other = others.hasNext() ? others.next() : null;
      }
    }
    return page;
  }

  /** The first synthetic index whose id sorts after {@code id} (ids grow with the index). */
  private int firstSyntheticAfter(String id) {
    int low = 0;
    int high = syntheticCount;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (syntheticId(mid).compareTo(id) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Every listed user (convenience for small tenants). */
  public List<EmulatedUser> users() {
    return page(0, Integer.MAX_VALUE);
  }

  /**
   * What changed after {@code sinceVersion}: users whose latest change is newer (their current
   * state) and tombstones newer than it, ordered by version. {@code sinceVersion} 0 lists everyone
   * (the initial delta round) plus every tombstone.
   */
  public synchronized List<Change> changesSince(long sinceVersion) {
    List<Change> changes = new ArrayList<>();
    if (sinceVersion < syntheticVersion) {
      for (int i = 0; i < syntheticCount; i++) {
        String userId = syntheticId(i);
        if (!users.containsKey(userId)) {
          changes.add(new Change(synthetic(i), null, syntheticVersion));
        }
      }
    }
    for (Stamped s : users.values()) {
      if (s != null && s.version > sinceVersion) {
        changes.add(new Change(s.user, null, s.version));
      }
    }
    for (Tombstone t : tombstones.values()) {
      if (t.version > sinceVersion) {
        changes.add(new Change(null, t, t.version));
      }
    }
    changes.sort(java.util.Comparator.comparingLong(Change::version));
    return changes;
  }

  private EmulatedUser require(String userId) {
    return user(userId).orElseThrow(() -> new IllegalArgumentException("No user " + userId + " in tenant " + id));
  }

  private boolean isSyntheticId(String userId) {
    return syntheticPrefix != null && userId.startsWith(syntheticPrefix + "-");
  }

  private int syntheticIndex(String userId) {
    if (!isSyntheticId(userId)) {
      return -1;
    }
    try {
      int index = Integer.parseInt(userId.substring(userId.lastIndexOf('-') + 1));
      return index < syntheticCount ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String syntheticId(int index) {
    String digits = Integer.toString(index);
    return syntheticPrefix + "-0000-4000-8000-" + "000000000000".substring(digits.length()) + digits;
  }

  private EmulatedUser synthetic(int index) {
    String domain = defaultDomainName == null ? initialDomainName : defaultDomainName;
    String local = "user" + index;
    String email = local + "@" + domain;
    return new EmulatedUser(syntheticId(index), email, email, "User " + index, "User", String.valueOf(index),
        true, "Member", index % 7 == 0 ? "Engineer" : "Staff", null, List.of("+1 555 " + (1000 + index % 9000)),
        1, List.of("SMTP:" + email));
  }

  private record Stamped(EmulatedUser user, long version) {}

  /** A deleted user; {@code reason} is Graph's {@code @removed.reason}: {@code deleted} or {@code changed}. */
  public record Tombstone(String id, String reason, long version) {}

  /** One delta entry: either a user's current state or a tombstone. */
  public record Change(EmulatedUser user, Tombstone removed, long version) {
    public String id() {
      return user != null ? user.id() : removed.id();
    }
  }
}
