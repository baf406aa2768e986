package org.entrasync.adapters.graph;

import com.microsoft.graph.models.DelegatedAdminCustomer;
import com.microsoft.graph.models.DelegatedAdminCustomerCollectionResponse;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.VerifiedDomain;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.RequestInformation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import okhttp3.HttpUrl;
import org.entrasync.adapters.graph.internal.GraphClient;
import org.entrasync.adapters.graph.internal.GraphScope;
import org.entrasync.adapters.graph.internal.GraphTokenProvider;
import org.entrasync.adapters.graph.internal.ListingCursor;
import org.entrasync.adapters.graph.internal.PageTokenExpiredException;
import org.entrasync.adapters.graph.internal.Permissions;
import org.entrasync.adapters.graph.internal.UserListingPage;
import org.entrasync.adapters.graph.internal.UserMapper;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DirectoryGateway} of the direct connection, over Microsoft Graph v1.0 with the
 * microsoft-graph SDK v6: customers from {@code /tenantRelationships/delegatedAdminCustomers}, their
 * primary domain from {@code /organization}, user counts from {@code /users/$count}, users from
 * {@code /users} (full) or {@code /users/delta} (changes), each customer tenant read with its own
 * token (the partner's refresh token redeemed at that tenant's authority).
 */
public final class GraphDirectoryGateway implements DirectoryGateway {
  private static final Logger LOG = LoggerFactory.getLogger(GraphDirectoryGateway.class);
  /** {@code delegatedAdminCustomers} accepts {@code $top} up to 300. */
  private static final int CUSTOMERS_PAGE = 300;
  /** A runaway paging chain (a cycle longer than one page) stops here; a link to itself stops at once. */
  private static final int MAX_PAGES = 100_000;
  /** How often one listing starts again after Graph expired its page token, before it gives up (retryable). */
  private static final int MAX_RESTARTS = 3;

  private final GraphRuntime runtime;

  public GraphDirectoryGateway(
      GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials) {
    this(new GraphRuntime(config, secrets, credentials));
  }

  GraphDirectoryGateway(GraphRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public ConnectionType type() {
    return ConnectionType.DIRECT;
  }

  @Override
  public boolean supportsDelta() {
    return true;
  }

  /** Forgets the tenant's tokens and clients, and fences token refreshes still in flight. */
  @Override
  public void connectionEnded(MspTenantId msp) {
    runtime.connectionEnded(Objects.requireNonNull(msp, "msp"));
  }

  @Override
  public int validate(MspTenantId msp) {
    int count = customers(msp, runtime.interactive).size();
    LOG.info("Validated the direct connection of tenant {}: {} customer tenants visible", msp, count);
    return count;
  }

  @Override
  public List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
    Map<EntraTenantId, String> customers = customers(msp, runtime.retrying);
    if (customers.isEmpty()) {
      return List.of();
    }
    Map<EntraTenantId, Enriched> enriched = enrichAll(msp, customers);
    // A customer Graph kept throttling through every in-process attempt gets one more pass at the end,
    // when the others are done, before it is listed without its domain and user count.
    Map<EntraTenantId, String> again = new LinkedHashMap<>();
    enriched.forEach((id, e) -> {
      if (e.unavailable()) {
        again.put(id, customers.get(id));
      }
    });
    if (!again.isEmpty()) {
      LOG.info("Discovery reads {} customer(s) of tenant {} again that Microsoft Graph throttled", again.size(), msp);
      enriched.putAll(enrichAll(msp, again));
    }
    List<DiscoveredTenant> result = new ArrayList<>(enriched.size());
    enriched.values().forEach(e -> result.add(e.tenant()));
    return List.copyOf(result);
  }

  /** Enriches customers on the adapter's shared discovery threads, in the order given. */
  private Map<EntraTenantId, Enriched> enrichAll(MspTenantId msp, Map<EntraTenantId, String> customers) {
    Map<EntraTenantId, Future<Enriched>> futures = new LinkedHashMap<>();
    try {
      for (Map.Entry<EntraTenantId, String> e : customers.entrySet()) {
        futures.put(e.getKey(), runtime.discovery().submit(() -> enrich(msp, e.getKey(), e.getValue())));
      }
      Map<EntraTenantId, Enriched> result = new LinkedHashMap<>();
      for (Map.Entry<EntraTenantId, Future<Enriched>> f : futures.entrySet()) {
        result.put(f.getKey(), await(f.getValue()));
      }
      return result;
    } finally {
      futures.values().forEach(f -> f.cancel(true)); // a failed or interrupted discovery leaves nothing queued
    }
  }

  /** One enriched customer; {@code unavailable} when Graph's throttling or an outage left it unread. */
  private record Enriched(DiscoveredTenant tenant, boolean unavailable) {}

  @Override
  public ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    runtime.requireConnected(msp); // fails fast (CONNECT) when the connection is gone
    GraphClient client = runtime.customerClient(msp, tenant);
    String granted = runtime.customerTokens.grantedScope(msp, tenant, runtime.retrying);
    if (!Permissions.grantsAny(granted, Permissions.READ_ALL_USERS)) {
      throw Permissions.usersScopeMissing(tenant, granted); // else every user would come back "unknown"
    }
    boolean delta = request.mode() == ListingRequest.Mode.DELTA;
    int pageSize = Math.min(request.pageSize(), runtime.config.pageSize());
    GraphScope scope = delta ? GraphScope.delta(tenant) : GraphScope.customer(tenant);

    Reader reader = new Reader(client, scope, tenant, request.priority() == ListingRequest.Priority.LOW);
    ListingCursor position = request.resumeCursor() == null ? null : resumeCursor(request.resumeCursor(), tenant, delta);
    if (position == null) {
      position = firstPosition(reader, request, pageSize, null);
    }
    for (int restarts = 0; ; restarts++) {
      try {
        return list(reader, position, pageSize, sink);
      } catch (PageTokenExpiredException expired) {
        if (restarts >= MAX_RESTARTS) {
          throw new EntraUnavailableException("The user listing of tenant " + tenant + " was restarted " + MAX_RESTARTS
              + " times because Microsoft Graph kept expiring its page tokens (" + expired.getMessage() + "). Try"
              + " again later.");
        }
        // Contract: a page token the source no longer accepts restarts the listing from its first page;
        // pages applied twice are harmless, a skipped one is not. The delta link captured before the
        // first page stays: the changes since then replay in the next round.
        LOG.warn("A page token of tenant {} expired; the listing starts again from its first page", tenant);
        position = firstPosition(reader, request, pageSize, position.deltaLink());
      }
    }
  }

  /** The first page of the listing {@code request} asks for. */
  private ListingCursor firstPosition(Reader reader, ListingRequest request, int pageSize, String knownDeltaLink) {
    EntraTenantId tenant = reader.tenant();
    if (request.mode() == ListingRequest.Mode.DELTA) {
      requireGraphLink(request.deltaCursor(), true);
      return new ListingCursor(tenant.value(), true, 0, 0, null, request.deltaCursor());
    }
    String deltaLink = knownDeltaLink != null ? knownDeltaLink : latestDeltaLink(reader);
    return new ListingCursor(tenant.value(), false, 0, 0, deltaLink, firstUsersUrl(reader.client(), pageSize));
  }

  /** Reads pages from {@code position} to the end of the chain, handing each to the sink. */
  private ListingOutcome list(Reader reader, ListingCursor position, int pageSize, PageSink sink) {
    EntraTenantId tenant = reader.tenant();
    boolean delta = position.delta();
    int index = position.index();
    int malformed = 0;
    Page page = fetch(reader, delta, position.link());
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      malformed += page.malformed;
      if (sameLink(position.link(), page.nextLink)) {
        // Graph handed back the link it just answered: following it would read this page forever
        LOG.warn("Microsoft Graph answered a page of tenant {} with a next link equal to the link just followed;"
            + " the listing stops here as incomplete", tenant);
        deliver(sink, page.withoutNextLink(), position, index, pageSize);
        return new ListingOutcome(false, null);
      }
      Future<Page> ahead = page.nextLink == null ? null : fetchAhead(reader, delta, page.nextLink);
      try {
        index = deliver(sink, page, position, index, pageSize);
      } catch (RuntimeException | Error e) {
        if (ahead != null) {
          ahead.cancel(true); // the caller stops here; the page fetched ahead is never used
        }
        throw e;
      }

      if (page.nextLink != null) {
        position = position.at(index, 0, page.nextLink);
        page = ahead != null ? await(ahead) : fetch(reader, delta, position.link());
        continue;
      }
      if (malformed > 0) {
        // an entry without an id may be anyone: absence proves nothing, and a delta round is read again
        LOG.warn("{} entries of tenant {} had no readable id; the listing counts as incomplete", malformed, tenant);
        return new ListingOutcome(false, delta ? null : position.deltaLink());
      }
      if (delta) {
        if (page.deltaLink == null) {
          LOG.warn("The delta round of tenant {} ended without a delta link; treating it as incomplete", tenant);
          return new ListingOutcome(false, null);
        }
        return new ListingOutcome(true, page.deltaLink);
      }
      return new ListingOutcome(true, position.deltaLink());
    }
    LOG.warn("The user listing of tenant {} exceeded {} pages; stopping it as incomplete", tenant, MAX_PAGES);
    return new ListingOutcome(false, null);
  }

  /**
   * Hands one Graph page to the sink, cut into pages of at most {@code pageSize} (a resume cursor can
   * point into the middle of a Graph page), and returns the index of the next page.
   */
  private static int deliver(PageSink sink, Page page, ListingCursor position, int index, int pageSize) {
    List<DirectoryChange> changes = page.changes;
    int from = Math.min(position.offset(), changes.size());
    int malformed = from == 0 ? page.malformed : 0;
    do {
      int to = Math.min(from + pageSize, changes.size());
      String resume;
      if (to < changes.size()) {
        resume = position.at(index + 1, to, position.link()).encode();
      } else if (page.nextLink != null) {
        resume = position.at(index + 1, 0, page.nextLink).encode();
      } else {
        resume = null;
      }
      sink.accept(new DirectoryPage(index, changes.subList(from, to), resume, malformed));
      malformed = 0;
      index++;
      from = to;
    } while (from < changes.size());
    return index;
  }

  /**
   * Starts fetching the page at {@code link} on a background thread (when configured), so the Graph
   * round trip overlaps the sink's database work; null when prefetching is off.
   */
  private Future<Page> fetchAhead(Reader reader, boolean delta, String link) {
    if (!runtime.config.prefetchNextPage()) {
      return null;
    }
    return runtime.prefetch().submit(() -> fetch(reader, delta, link));
  }

  // ---- discovery ----

  private Map<EntraTenantId, String> customers(MspTenantId msp, UpstreamRetry retry) {
    Objects.requireNonNull(msp, "msp");
    runtime.requireConnected(msp);
    GraphClient client = runtime.partnerClient(msp);
    GraphScope scope = GraphScope.partner();
    Map<EntraTenantId, String> customers = new LinkedHashMap<>();
    runtime.partnerTokens.accessToken(msp, retry); // a refresh updates the granted scope
    requireCustomersScope(msp);
    DelegatedAdminCustomerCollectionResponse page;
    try {
      page = runtime.caller.call(client, scope, "listing the partner's customers", retry,
          g -> g.tenantRelationships().delegatedAdminCustomers().get(c -> c.queryParameters.top = CUSTOMERS_PAGE));
    } catch (EntraRejectedException e) {
      requireCustomersScope(msp); // a 401 may have brought a token with fewer permissions
      throw e;
    }
    String followed = null;
    for (int pages = 0; page != null && pages < MAX_PAGES; pages++) {
      if (page.getValue() != null) {
        for (DelegatedAdminCustomer customer : page.getValue()) {
          String id = customer.getTenantId() != null ? customer.getTenantId() : customer.getId();
          try {
            customers.putIfAbsent(EntraTenantId.of(id), customer.getDisplayName());
          } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a delegated admin customer without a valid tenant id");
          }
        }
      }
      String next = page.getOdataNextLink();
      if (next == null || next.isBlank()) {
        break;
      }
      if (sameLink(followed, next)) {
        // a partial customer list would make discovery mark the missing customers as gone
        throw new EntraUnavailableException("Microsoft Graph answered the partner's customers with a next link equal"
            + " to the link just followed (a paging loop); discovery stops without a result. Try again later.");
      }
      followed = next;
      requireGraphLink(next, false);
      page = runtime.caller.call(client, scope, "listing the partner's customers (next page)", retry,
          g -> g.tenantRelationships().delegatedAdminCustomers().withUrl(next).get());
    }
    return customers;
  }

  private void requireCustomersScope(MspTenantId msp) {
    String granted = runtime.partnerTokens.grantedScope(msp);
    if (!Permissions.grantsAny(granted, Permissions.READ_CUSTOMERS)) {
      throw Permissions.customersScopeMissing(runtime.partnerTokens.partnerTenantId(msp), granted);
    }
  }

  private Enriched enrich(MspTenantId msp, EntraTenantId tenant, String displayName) {
    GraphClient client = runtime.customerClient(msp, tenant);
    GraphScope scope = GraphScope.customer(tenant);
    String domain;
    try {
      OrganizationCollectionResponse org = runtime.caller.call(client, scope,
          "reading the organization of tenant " + tenant, g -> g.organization().get());
      domain = primaryDomain(org);
    } catch (EntraException e) {
      degradeOrThrow(e, tenant, "primary domain");
      return new Enriched(new DiscoveredTenant(tenant, displayName, null, null), e instanceof EntraUnavailableException);
    }
    Integer count = null;
    boolean unavailable = false;
    try {
      count = runtime.caller.call(client, scope, "counting the users of tenant " + tenant,
          g -> g.users().count().get(c -> c.headers.add("ConsistencyLevel", "eventual")));
    } catch (EntraException e) {
      degradeOrThrow(e, tenant, "user count");
      unavailable = e instanceof EntraUnavailableException;
    }
    return new Enriched(new DiscoveredTenant(tenant, displayName, domain, count), unavailable);
  }

  /** Per-tenant enrichment is optional; only a failure of the whole connection stops discovery. */
  private static void degradeOrThrow(EntraException e, EntraTenantId tenant, String what) {
    if (e instanceof CredentialRejectedException) {
      throw e; // the partner's grant or the app's credentials: every tenant is affected
    }
    LOG.warn("Discovery lists tenant {} without its {}: {}", tenant, what, e.getMessage());
  }

  static String primaryDomain(OrganizationCollectionResponse org) {
    if (org == null || org.getValue() == null || org.getValue().isEmpty()) {
      return null;
    }
    Organization o = org.getValue().get(0);
    List<VerifiedDomain> domains = o.getVerifiedDomains();
    if (domains == null) {
      return null;
    }
    String initial = null;
    for (VerifiedDomain d : domains) {
      if (d.getName() == null || d.getName().isBlank()) {
        continue;
      }
      if (Boolean.TRUE.equals(d.getIsDefault())) {
        return d.getName();
      }
      if (initial == null && Boolean.TRUE.equals(d.getIsInitial())) {
        initial = d.getName();
      }
    }
    return initial;
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new EntraUnavailableException("Interrupted while waiting for Microsoft Graph");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  // ---- users ----

  private String latestDeltaLink(Reader reader) {
    GraphClient client = reader.client();
    EntraTenantId tenant = reader.tenant();
    String url;
    try {
      RequestInformation info = client.sdk().users().delta().toGetRequestInformation(c -> c.queryParameters.select = UserMapper.SELECT);
      url = info.getUri().toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Could not build the delta URL", e);
    }
    String latest = url + (url.contains("?") ? "&" : "?") + "$deltatoken=latest";
    try {
      DeltaGetResponse r = runtime.caller.call(client, GraphScope.customer(tenant),
          "starting change tracking for tenant " + tenant,
          g -> g.users().delta().withUrl(latest).get(c -> reader.prioritize(c.headers)));
      String link = r == null ? null : r.getOdataDeltaLink();
      if (link == null) {
        LOG.warn("Graph returned no delta link for tenant {}; the next sync lists fully again", tenant);
      }
      return link;
    } catch (ConsentMissingException | CredentialRejectedException e) {
      throw e;
    } catch (EntraRejectedException e) {
      LOG.warn("Change tracking could not start for tenant {}; the next sync lists fully again: {}", tenant, e.getMessage());
      return null;
    }
  }

  private static String firstUsersUrl(GraphClient client, int pageSize) {
    try {
      return client.sdk().users().toGetRequestInformation(c -> {
        c.queryParameters.select = UserMapper.SELECT;
        c.queryParameters.top = pageSize;
      }).getUri().toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Could not build the users URL", e);
    }
  }

  private Page fetch(Reader reader, boolean delta, String link) {
    GraphClient client = reader.client();
    EntraTenantId tenant = reader.tenant();
    requireGraphLink(link, delta && link.contains("deltatoken"));
    String what = (delta ? "reading changes of tenant " : "listing users of tenant ") + tenant;
    UserListingPage r = runtime.caller.call(client, reader.scope(), what, g -> {
      RequestInformation page = delta
          ? g.users().delta().withUrl(link).toGetRequestInformation()
          : g.users().withUrl(link).toGetRequestInformation();
      reader.prioritize(page.headers);
      return UserListingPage.send(g, page);
    });
    List<UserListingPage.Entry> users = r == null ? null : r.value();
    String next = r == null ? null : r.nextLink();
    String deltaLink = delta && r != null ? r.deltaLink() : null;
    // Graph may replay an entry and does not promise an order: one entry per user and page, its last
    Map<EntraObjectId, DirectoryChange> changes = new LinkedHashMap<>();
    int malformed = 0;
    if (users != null) {
      for (UserListingPage.Entry u : users) {
        if (u == null) {
          malformed++;
          continue;
        }
        Optional<DirectoryChange> change = UserMapper.toChange(u, delta);
        if (change.isPresent()) {
          changes.remove(change.get().objectId());
          changes.put(change.get().objectId(), change.get());
        } else {
          malformed++;
        }
      }
    }
    return new Page(new ArrayList<>(changes.values()), next == null || next.isBlank() ? null : next, deltaLink, malformed);
  }

  /**
   * The position a resume cursor names, or null when the listing must start again from its first page:
   * a cursor this gateway did not issue, one of another tenant or mode, or one whose links do not point
   * at the configured Graph endpoint (never followed: a token must not go anywhere else).
   */
  private ListingCursor resumeCursor(String text, EntraTenantId tenant, boolean delta) {
    ListingCursor cursor;
    try {
      cursor = ListingCursor.decode(text);
    } catch (IllegalArgumentException e) {
      LOG.warn("A resume cursor for tenant {} is not one this Graph gateway issued; the listing starts again", tenant);
      return null;
    }
    if (!cursor.belongsTo(tenant.value(), delta)) {
      LOG.warn("A resume cursor of another tenant or listing was passed for tenant {}; the listing starts again", tenant);
      return null;
    }
    if (!isGraphLink(cursor.link()) || (cursor.deltaLink() != null && !isGraphLink(cursor.deltaLink()))) {
      LOG.warn("A resume cursor for tenant {} points outside the configured Microsoft Graph endpoint; it is not"
          + " followed and the listing starts again", tenant);
      return null;
    }
    return cursor;
  }

  /**
   * Links are followed only when they point at the configured Graph endpoint: a token must never go
   * anywhere else. A stored delta cursor that points elsewhere (for example after the endpoint
   * changed) is treated as expired, which leads to a full listing.
   */
  private void requireGraphLink(String link, boolean isDeltaCursor) {
    URI base = runtime.config.graphBaseUrl();
    if (!isGraphLink(link)) {
      if (isDeltaCursor) {
        throw new DeltaCursorExpiredException("The stored delta cursor does not point at the configured Microsoft"
            + " Graph endpoint; it is dropped and a full listing follows.", null);
      }
      throw new EntraRejectedException("A paging link does not point at the configured Microsoft Graph endpoint ("
          + base + "); it is not followed.");
    }
  }

  private boolean isGraphLink(String link) {
    URI base = runtime.config.graphBaseUrl();
    try {
      URI uri = new URI(link);
      String basePath = base.getPath() == null ? "" : base.getPath();
      return uri.isAbsolute() && GraphTokenProvider.sameOrigin(uri, base)
          && uri.getPath() != null && uri.getPath().startsWith(basePath);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Whether two links name the same request: same origin and path, same decoded query parameters in
   * the same order (Graph may spell a link it hands back with another percent-encoding).
   */
  static boolean sameLink(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.equals(b)) {
      return true;
    }
    HttpUrl x = HttpUrl.parse(a);
    HttpUrl y = HttpUrl.parse(b);
    if (x == null || y == null || !x.scheme().equals(y.scheme()) || !x.host().equals(y.host()) || x.port() != y.port()
        || !x.pathSegments().equals(y.pathSegments()) || x.querySize() != y.querySize()) {
      return false;
    }
    for (int i = 0; i < x.querySize(); i++) {
      if (!x.queryParameterName(i).equals(y.queryParameterName(i))
          || !Objects.equals(x.queryParameterValue(i), y.queryParameterValue(i))) {
        return false;
      }
    }
    return true;
  }

  /** What every request of one listing shares: its client, error scope, tenant and priority. */
  private record Reader(GraphClient client, GraphScope scope, EntraTenantId tenant, boolean lowPriority) {
    /**
     * Marks a background listing's requests {@code x-ms-throttle-priority: Low} (concepts/throttling-limits.md):
     * Graph throttles them before the tenant's interactive work.
     */
    void prioritize(com.microsoft.kiota.RequestHeaders headers) {
      if (lowPriority) {
        headers.add("x-ms-throttle-priority", "Low"); // the value as concepts/throttling-limits.md spells it
      }
    }
  }

  private record Page(List<DirectoryChange> changes, String nextLink, String deltaLink, int malformed) {
    Page withoutNextLink() {
      return new Page(changes, null, deltaLink, malformed);
    }
  }
}
