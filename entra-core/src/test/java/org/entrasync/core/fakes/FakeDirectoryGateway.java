package org.entrasync.core.fakes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;

/**
 * A {@link DirectoryGateway} straight over an {@link EmulatedDirectory}, without HTTP.
 *
 * <ul>
 *   <li>Full listings serve the tenant's users in listing order, pages of the requested size, each
 *       with the resume cursor {@code offset:N} (N users served so far); a request that carries a
 *       resume cursor starts there, and page indexes continue ({@code N / pageSize}).
 *   <li>With delta support, a delta cursor is the directory version (a decimal number): a delta
 *       round lists what changed after it (current states and {@code @removed} tombstones), paged the
 *       same way, and every complete listing (full or delta) ends with the version taken when it
 *       started as its new delta cursor. A cursor that is not a number is rejected as expired.
 *   <li>Users whose id is not a GUID are counted as malformed records of their page.
 *   <li>A tenant unknown to the directory fails with {@link ConsentMissingException}.
 * </ul>
 *
 * Fault hooks: {@link #failOnPage} throws instead of serving page k; {@link #endListingsAfterPages}
 * stops listings early (complete = false); {@link #expireNextDeltaRequests} rejects delta cursors;
 * {@link #failNext} fails whole calls; {@link #partialDeltaEntries} makes delta entries partial. Every listing request is recorded ({@link #requests()}).
 * Thread-safe.
 */
public final class FakeDirectoryGateway implements DirectoryGateway {
  /** The calls {@link #failNext} can fail. */
  public enum Operation {
    VALIDATE,
    LIST_TENANTS,
    STREAM_USERS
  }

  private static final String OFFSET_PREFIX = "offset:";

  private final EmulatedDirectory directory;
  private final ConnectionType type;
  private final boolean supportsDelta;

  private final Map<Integer, List<Supplier<? extends RuntimeException>>> pageFaults = new HashMap<>();
  private final Map<Operation, List<Supplier<? extends RuntimeException>>> callFaults = new EnumMap<>(Operation.class);
  private int endAfterPages = -1;
  private int expiredDeltaRequests;
  private java.util.Set<org.entrasync.core.model.DirectoryField> partialDelta;
  private final List<ListingRequest> requests = new ArrayList<>();
  private final List<MspTenantId> endedConnections = new ArrayList<>();
  private int pagesServed;

  public FakeDirectoryGateway(EmulatedDirectory directory, ConnectionType type, boolean supportsDelta) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.type = Objects.requireNonNull(type, "type");
    this.supportsDelta = supportsDelta;
  }

  /** Graph-like: direct connection with delta. */
  public static FakeDirectoryGateway direct(EmulatedDirectory directory) {
    return new FakeDirectoryGateway(directory, ConnectionType.DIRECT, true);
  }

  /** CIPP-like: no delta. */
  public static FakeDirectoryGateway cipp(EmulatedDirectory directory) {
    return new FakeDirectoryGateway(directory, ConnectionType.CIPP, false);
  }

  public EmulatedDirectory directory() {
    return directory;
  }

  // ---- the port ------------------------------------------------------------------------------

  @Override
  public ConnectionType type() {
    return type;
  }

  @Override
  public boolean supportsDelta() {
    return supportsDelta;
  }

  @Override
  public synchronized void connectionEnded(MspTenantId msp) {
    endedConnections.add(msp);
  }

  @Override
  public int validate(MspTenantId msp) {
    Objects.requireNonNull(msp, "msp");
    fault(Operation.VALIDATE);
    return directory.tenants().size();
  }

  @Override
  public List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
    Objects.requireNonNull(msp, "msp");
    fault(Operation.LIST_TENANTS);
    List<DiscoveredTenant> tenants = new ArrayList<>();
    for (EmulatedTenant t : directory.tenants()) {
      tenants.add(new DiscoveredTenant(EntraTenantId.of(t.id()), t.displayName(),
          t.defaultDomainName() != null ? t.defaultDomainName() : t.initialDomainName(), t.size()));
    }
    return tenants;
  }

  @Override
  public ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenantId, ListingRequest request, PageSink sink) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    synchronized (this) {
      requests.add(request);
    }
    fault(Operation.STREAM_USERS);
    EmulatedTenant tenant = directory.tenant(tenantId.value())
        .filter(t -> t.id().equals(tenantId.value()))
        .orElseThrow(() -> new ConsentMissingException(tenantId,
            "Tenant " + tenantId + " is not visible to the connection (no consent or no GDAP relationship)."));
    long startVersion = directory.currentVersion();
    List<EmulatedTenant.Change> changes = null;
    if (request.mode() == ListingRequest.Mode.DELTA) {
      if (!supportsDelta) {
        throw new IllegalStateException("This gateway does not support delta listings");
      }
      long since = parseDeltaCursor(request.deltaCursor());
      changes = tenant.changesSince(since);
    }

    int offset = parseOffset(request.resumeCursor());
    int size = request.pageSize();
    while (true) {
      int index = offset / size;
      if (shouldEndBefore(index)) {
        return new ListingOutcome(false, null);
      }
      pageFault(index);
      List<DirectoryChange> page = new ArrayList<>(size);
      int malformed = 0;
      int served;
      boolean more;
      if (changes == null) {
        List<EmulatedUser> users = tenant.page(offset, size + 1);
        more = users.size() > size;
        served = Math.min(size, users.size());
        for (EmulatedUser user : users.subList(0, served)) {
          DirectoryChange change = present(user);
          if (change == null) {
            malformed++;
          } else {
            page.add(change);
          }
        }
      } else {
        int end = Math.min(changes.size(), offset + size);
        served = Math.max(0, end - offset);
        more = end < changes.size();
        for (EmulatedTenant.Change c : changes.subList(Math.min(offset, changes.size()), end)) {
          DirectoryChange change = c.user() != null ? partial(present(c.user())) : removed(c.removed());
          if (change == null) {
            malformed++;
          } else {
            page.add(change);
          }
        }
      }
      offset += served;
      synchronized (this) {
        pagesServed++;
      }
      sink.accept(new DirectoryPage(index, page, more ? OFFSET_PREFIX + offset : null, malformed));
      if (!more) {
        return new ListingOutcome(true, supportsDelta ? Long.toString(startVersion) : null);
      }
    }
  }

  // ---- fault hooks ---------------------------------------------------------------------------

  /** Throws {@code error} instead of serving page {@code pageIndex}, once. */
  public FakeDirectoryGateway failOnPage(int pageIndex, RuntimeException error) {
    return failOnPage(pageIndex, () -> error, 1);
  }

  /** Throws a fresh error from {@code error} instead of serving page {@code pageIndex}, {@code times} times. */
  public synchronized FakeDirectoryGateway failOnPage(int pageIndex, Supplier<? extends RuntimeException> error, int times) {
    List<Supplier<? extends RuntimeException>> faults = pageFaults.computeIfAbsent(pageIndex, i -> new ArrayList<>());
    for (int i = 0; i < times; i++) {
      faults.add(error);
    }
    return this;
  }

  /** Every listing stops before page {@code pages} and reports itself incomplete, until cleared. */
  public synchronized FakeDirectoryGateway endListingsAfterPages(int pages) {
    if (pages < 0) {
      throw new IllegalArgumentException("pages cannot be negative");
    }
    this.endAfterPages = pages;
    return this;
  }

  /**
   * From now on, delta rounds report each present user as a partial entry with only {@code fields}
   * (the others null), as real Graph may; until {@link #clearFaults}.
   */
  public synchronized FakeDirectoryGateway partialDeltaEntries(org.entrasync.core.model.DirectoryField... fields) {
    this.partialDelta = java.util.Set.copyOf(java.util.Arrays.asList(fields));
    return this;
  }

  /** The next {@code count} delta requests fail with {@link DeltaCursorExpiredException}. */
  public synchronized FakeDirectoryGateway expireNextDeltaRequests(int count) {
    this.expiredDeltaRequests = count;
    return this;
  }

  /** The next call of {@code operation} throws {@code error}. */
  public synchronized FakeDirectoryGateway failNext(Operation operation, RuntimeException error) {
    callFaults.computeIfAbsent(operation, o -> new ArrayList<>()).add(() -> error);
    return this;
  }

  public synchronized void clearFaults() {
    pageFaults.clear();
    callFaults.clear();
    endAfterPages = -1;
    expiredDeltaRequests = 0;
    partialDelta = null;
  }

  // ---- observations --------------------------------------------------------------------------

  /** Every listing request received, in order. */
  public synchronized List<ListingRequest> requests() {
    return new ArrayList<>(requests);
  }

  /** The MSP tenants whose connection ended (disconnect, switch), in order. */
  public synchronized List<MspTenantId> endedConnections() {
    return new ArrayList<>(endedConnections);
  }

  /** Pages handed to sinks so far. */
  public synchronized int pagesServed() {
    return pagesServed;
  }

  public synchronized void resetObservations() {
    requests.clear();
    pagesServed = 0;
  }

  // ---- internals -----------------------------------------------------------------------------

  private synchronized void fault(Operation operation) {
    List<Supplier<? extends RuntimeException>> faults = callFaults.get(operation);
    if (faults != null && !faults.isEmpty()) {
      throw faults.remove(0).get();
    }
  }

  private synchronized void pageFault(int index) {
    List<Supplier<? extends RuntimeException>> faults = pageFaults.get(index);
    if (faults != null && !faults.isEmpty()) {
      throw faults.remove(0).get();
    }
  }

  private synchronized boolean shouldEndBefore(int index) {
    return endAfterPages >= 0 && index >= endAfterPages;
  }

  private synchronized long parseDeltaCursor(String cursor) {
    if (expiredDeltaRequests > 0) {
      expiredDeltaRequests--;
      throw new DeltaCursorExpiredException("The delta cursor is no longer accepted (emulated syncStateNotFound).", null);
    }
    try {
      long version = Long.parseLong(cursor);
      if (version < 0) {
        throw new NumberFormatException("negative");
      }
      return version;
    } catch (NumberFormatException e) {
      throw new DeltaCursorExpiredException("The delta cursor '" + cursor + "' is not one this directory issued.", e);
    }
  }

  private static int parseOffset(String resumeCursor) {
    if (resumeCursor == null) {
      return 0;
    }
    if (!resumeCursor.startsWith(OFFSET_PREFIX)) {
      throw new IllegalArgumentException("Not a resume cursor of this gateway: " + resumeCursor);
    }
    int offset = Integer.parseInt(resumeCursor.substring(OFFSET_PREFIX.length()));
    if (offset < 0) {
      throw new IllegalArgumentException("Negative resume offset: " + resumeCursor);
    }
    return offset;
  }

  /** The user as a gateway reports it, or null when its id is unreadable (malformed). */
  static DirectoryChange present(EmulatedUser u) {
    EntraObjectId id;
    try {
      id = EntraObjectId.of(u.id());
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new DirectoryChange.Present(new DirectoryUser(id, u.userPrincipalName(), u.mail(), u.proxyAddresses(),
        u.displayName(), u.givenName(), u.surname(), u.accountEnabled(), u.userType(), u.jobTitle(), u.mobilePhone(),
        u.businessPhones(), u.assignedLicenses()));
  }

  /** The entry as a partial delta entry when {@link #partialDeltaEntries} is on. */
  private synchronized DirectoryChange partial(DirectoryChange change) {
    if (partialDelta == null || !(change instanceof DirectoryChange.Present present)) {
      return change;
    }
    DirectoryUser u = present.user();
    java.util.Set<org.entrasync.core.model.DirectoryField> f = partialDelta;
    DirectoryUser only = new DirectoryUser(u.id(),
        f.contains(org.entrasync.core.model.DirectoryField.USER_PRINCIPAL_NAME) ? u.userPrincipalName() : null,
        f.contains(org.entrasync.core.model.DirectoryField.MAIL) ? u.mail() : null,
        f.contains(org.entrasync.core.model.DirectoryField.PROXY_ADDRESSES) ? u.proxyAddresses() : null,
        f.contains(org.entrasync.core.model.DirectoryField.DISPLAY_NAME) ? u.displayName() : null,
        f.contains(org.entrasync.core.model.DirectoryField.GIVEN_NAME) ? u.givenName() : null,
        f.contains(org.entrasync.core.model.DirectoryField.SURNAME) ? u.surname() : null,
        f.contains(org.entrasync.core.model.DirectoryField.ACCOUNT_ENABLED) ? u.accountEnabled() : null,
        f.contains(org.entrasync.core.model.DirectoryField.USER_TYPE) ? u.userType() : null,
        f.contains(org.entrasync.core.model.DirectoryField.JOB_TITLE) ? u.jobTitle() : null,
        f.contains(org.entrasync.core.model.DirectoryField.MOBILE_PHONE) ? u.mobilePhone() : null,
        f.contains(org.entrasync.core.model.DirectoryField.BUSINESS_PHONES) ? u.businessPhones() : null,
        f.contains(org.entrasync.core.model.DirectoryField.ASSIGNED_LICENSES) ? u.assignedLicenseCount() : null);
    return new DirectoryChange.Present(only, f);
  }

  private static DirectoryChange removed(EmulatedTenant.Tombstone t) {
    try {
      return new DirectoryChange.Removed(EntraObjectId.of(t.id()),
          "changed".equals(t.reason()) ? DirectoryChange.RemovalKind.SOFT_DELETED : DirectoryChange.RemovalKind.DELETED);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
