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
 *       with the resume cursor {@code offset:N;<tenant>;<full|delta>} (N entries served so far, see
 *       {@link #cursor}); a request that carries a resume cursor starts there, and page indexes
 *       continue ({@code N / pageSize}). A cursor of another tenant or mode, or one this gateway
 *       never issued, starts the listing again from its first page (the port's contract).
 *   <li>With delta support, a delta cursor is the directory version (a decimal number): a delta
 *       round lists what changed after it (current states and {@code @removed} tombstones), paged the
 *       same way, and every complete listing (full or delta) ends with the version taken when it
 *       started as its new delta cursor. A cursor that is not a number is rejected as expired.
 *   <li>Users whose id is not a GUID are counted as malformed records of their page, and the
 *       listing is then incomplete (a delta round yields no new delta cursor).
 *   <li>A tenant unknown to the directory fails with {@link ConsentMissingException}; without delta
 *       support, a delta request fails with {@link DeltaCursorExpiredException}.
 * </ul>
 *
 * Fault hooks: {@link #failOnPage} throws instead of serving page k; {@link #endListingsAfterPages}
 * stops listings early (complete = false); {@link #expireNextDeltaRequests} rejects delta cursors;
 * {@link #failNext} fails whole calls; {@link #partialDeltaEntries} makes delta entries partial;
 * {@link #entriesWithoutId}, {@link #accountEnabledOfWrongType}, {@link #expirePageTokens} (the
 * listing restarts from its first page, as on Graph's {@code Directory_ExpiredPageToken}) and {@link
 * #unreadable} are the {@code DirectoryGatewayContract}'s hooks. Every listing request is recorded
 * ({@link #requests()}).
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
  private final Map<Integer, java.time.Duration> pageThrottles = new HashMap<>();
  private final Map<Operation, java.time.Duration> callThrottles = new java.util.EnumMap<>(Operation.class);
  private final Map<Operation, List<Supplier<? extends RuntimeException>>> callFaults = new EnumMap<>(Operation.class);
  private int endAfterPages = -1;
  private int expiredDeltaRequests;
  private java.util.Set<org.entrasync.core.model.DirectoryField> partialDelta;
  private int entriesWithoutId;
  private int expiredPageTokens;
  private final java.util.Set<String> wrongTypedAccountEnabled = new java.util.HashSet<>();
  private final java.util.Set<String> unreadableTenants = new java.util.HashSet<>();
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
        .filter(t -> !isUnreadable(t.id()))
        .orElseThrow(() -> new ConsentMissingException(tenantId,
            "Tenant " + tenantId + " is not visible to the connection (no consent or no GDAP relationship)."));
    long startVersion = directory.currentVersion();
    List<EmulatedTenant.Change> changes = null;
    if (request.mode() == ListingRequest.Mode.DELTA) {
      if (!supportsDelta) {
        throw new DeltaCursorExpiredException("This directory has no delta listing; list the tenant fully.", null);
      }
      long since = parseDeltaCursor(request.deltaCursor());
      changes = tenant.changesSince(since);
    }

    int offset = parseOffset(request.resumeCursor(), tenant.id(), request.mode());
    int size = request.pageSize();
    boolean incomplete = false;
    while (true) {
      if (offset > 0 && pageTokenExpires()) {
        offset = 0; // as Graph's Directory_ExpiredPageToken: the listing starts again from its first page
      }
      int index = offset / size;
      if (shouldEndBefore(index)) {
        return new ListingOutcome(false, null);
      }
      pageFault(index);
      List<DirectoryChange> page = new ArrayList<>(size);
      int malformed = takeEntryWithoutId();
      int served;
      boolean more;
      if (changes == null) {
        List<EmulatedUser> users = tenant.page(offset, size + 1);
        more = users.size() > size;
        served = Math.min(size, users.size());
        for (EmulatedUser user : users.subList(0, served)) {
          DirectoryChange change = withAccountEnabledUnread(present(user));
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
          DirectoryChange change = c.user() != null ? partial(withAccountEnabledUnread(present(c.user()))) : removed(c.removed());
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
      sink.accept(new DirectoryPage(index, page, more ? cursor(tenant.id(), request.mode(), offset) : null, malformed));
      incomplete |= malformed > 0;
      if (!more) {
        if (incomplete) {
          // an entry without an id may be anyone; a delta round is read again next time
          return new ListingOutcome(false,
              supportsDelta && request.mode() == ListingRequest.Mode.FULL ? Long.toString(startVersion) : null);
        }
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

  /**
   * Before serving page {@code pageIndex}, once, waits as an adapter's retry does after a throttled
   * request: reports {@code wait} to the current {@link org.entrasync.core.observe.UpstreamWork} (no
   * real sleep).
   */
  public synchronized FakeDirectoryGateway throttleBeforePage(int pageIndex, java.time.Duration wait) {
    pageThrottles.put(pageIndex, Objects.requireNonNull(wait, "wait"));
    return this;
  }

  /** The same for the next call of {@code operation}. */
  public synchronized FakeDirectoryGateway throttleBefore(Operation operation, java.time.Duration wait) {
    callThrottles.put(operation, Objects.requireNonNull(wait, "wait"));
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

  /** The next {@code count} pages carry one more entry each, without a readable object id (counted as malformed). */
  public synchronized FakeDirectoryGateway entriesWithoutId(int count) {
    this.entriesWithoutId += count;
    return this;
  }

  /**
   * From now on (until {@link #clearFaults}), {@code userId}'s {@code accountEnabled} is unreadable
   * (as another JSON type than a boolean would be): the user is delivered with it null.
   */
  public synchronized FakeDirectoryGateway accountEnabledOfWrongType(String userId) {
    wrongTypedAccountEnabled.add(userId);
    return this;
  }

  /**
   * The next {@code count} reads of a page after the first (within a listing or resuming one) find
   * their page token expired, as Graph answers {@code Directory_ExpiredPageToken}: the listing starts
   * again from its first page, index 0.
   */
  public synchronized FakeDirectoryGateway expirePageTokens(int count) {
    this.expiredPageTokens += count;
    return this;
  }

  /** The connection can no longer read this tenant (consent or GDAP gone), until {@link #clearFaults}. */
  public synchronized FakeDirectoryGateway unreadable(String tenantId) {
    unreadableTenants.add(tenantId.toLowerCase(java.util.Locale.ROOT));
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
    pageThrottles.clear();
    callThrottles.clear();
    callFaults.clear();
    endAfterPages = -1;
    expiredDeltaRequests = 0;
    partialDelta = null;
    entriesWithoutId = 0;
    expiredPageTokens = 0;
    wrongTypedAccountEnabled.clear();
    unreadableTenants.clear();
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
    java.time.Duration throttled = callThrottles.remove(operation);
    if (throttled != null) {
      org.entrasync.core.observe.UpstreamWork.throttled(throttled);
    }
    List<Supplier<? extends RuntimeException>> faults = callFaults.get(operation);
    if (faults != null && !faults.isEmpty()) {
      throw faults.remove(0).get();
    }
  }

  private synchronized void pageFault(int index) {
    java.time.Duration throttled = pageThrottles.remove(index);
    if (throttled != null) {
      org.entrasync.core.observe.UpstreamWork.throttled(throttled);
    }
    List<Supplier<? extends RuntimeException>> faults = pageFaults.get(index);
    if (faults != null && !faults.isEmpty()) {
      throw faults.remove(0).get();
    }
  }

  private synchronized boolean isUnreadable(String tenantId) {
    return unreadableTenants.contains(tenantId.toLowerCase(java.util.Locale.ROOT));
  }

  private synchronized boolean pageTokenExpires() {
    if (expiredPageTokens > 0) {
      expiredPageTokens--;
      return true;
    }
    return false;
  }

  private synchronized int takeEntryWithoutId() {
    if (entriesWithoutId > 0) {
      entriesWithoutId--;
      return 1;
    }
    return 0;
  }

  private synchronized DirectoryChange withAccountEnabledUnread(DirectoryChange change) {
    if (change instanceof DirectoryChange.Present present && wrongTypedAccountEnabled.contains(present.objectId().value())) {
      DirectoryUser u = present.user();
      return new DirectoryChange.Present(new DirectoryUser(u.id(), u.userPrincipalName(), u.mail(), u.proxyAddresses(),
          u.displayName(), u.givenName(), u.surname(), null, u.userType(), u.jobTitle(), u.mobilePhone(),
          u.businessPhones(), u.assignedLicenseCount()), present.reportedFields());
    }
    return change;
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

  /** The resume cursor after {@code offset} entries of a listing of {@code tenantId} in {@code mode}. */
  public static String cursor(String tenantId, ListingRequest.Mode mode, int offset) {
    return OFFSET_PREFIX + offset + ";" + tenantId.toLowerCase(java.util.Locale.ROOT) + ";"
        + mode.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Where a resume cursor points; 0 (the first page) for none or one not issued for this tenant and mode. */
  private static int parseOffset(String resumeCursor, String tenantId, ListingRequest.Mode mode) {
    if (resumeCursor == null) {
      return 0;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("offset:(\\d{1,9});([^;]+);(full|delta)")
        .matcher(resumeCursor);
    if (!m.matches() || !cursor(tenantId, mode, 0).equals(OFFSET_PREFIX + "0;" + m.group(2) + ";" + m.group(3))) {
      return 0; // the contract: a cursor this gateway did not issue for this listing starts it again
    }
    return Integer.parseInt(m.group(1));
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
