package org.entrasync.adapters.graph;

import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.RequestHeaders;
import com.microsoft.kiota.RequestInformation;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import org.entrasync.adapters.graph.internal.Await;
import org.entrasync.adapters.graph.internal.GraphClient;
import org.entrasync.adapters.graph.internal.GraphPaging;
import org.entrasync.adapters.graph.internal.GraphScope;
import org.entrasync.adapters.graph.internal.ListingCursor;
import org.entrasync.adapters.graph.internal.PageTokenExpiredException;
import org.entrasync.adapters.graph.internal.Permissions;
import org.entrasync.adapters.graph.internal.UserListingPage;
import org.entrasync.adapters.graph.internal.UserMapper;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.port.out.DirectoryGateway.PageSink;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves user streaming: one customer tenant's users under its own token, from {@code /users} (full)
 * or {@code /users/delta} (changes), page by page into the sink with opaque resume cursors
 * ({@link ListingCursor}), the next Graph page fetched ahead on the adapter's shared prefetch threads
 * while the sink writes the current one.
 */
final class GraphUserListing {
  private static final Logger LOG = LoggerFactory.getLogger(GraphUserListing.class);
  /** How often one listing starts again after Graph expired its page token, before it gives up (retryable). */
  private static final int MAX_RESTARTS = 3;

  private final GraphRuntime runtime;
  private final GraphPaging paging;

  GraphUserListing(GraphRuntime runtime, GraphPaging paging) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.paging = Objects.requireNonNull(paging, "paging");
  }

  ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    runtime.requireConnected(msp); // fails fast (CONNECT) when the connection is gone
    GraphClient client = runtime.customerClient(msp, tenant);
    String granted = runtime.customerTokens.grantedScope(msp, tenant, runtime.retrying, request.connectionGeneration());
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
      paging.requireGraphLink(request.deltaCursor(), true);
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
    for (int pages = 0; pages < GraphPaging.MAX_PAGES; pages++) {
      malformed += page.malformed;
      if (GraphPaging.sameLink(position.link(), page.nextLink)) {
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
        page = ahead != null ? Await.result(ahead) : fetch(reader, delta, position.link());
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
    LOG.warn("The user listing of tenant {} exceeded {} pages; stopping it as incomplete", tenant, GraphPaging.MAX_PAGES);
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
    // carried: the page's in-process throttling waits and log lines name the tenant's work
    return runtime.prefetch().submit(UpstreamWork.carried(() -> fetch(reader, delta, link)));
  }

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
    paging.requireGraphLink(link, delta && link.contains("deltatoken"));
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
    if (!paging.isGraphLink(cursor.link()) || (cursor.deltaLink() != null && !paging.isGraphLink(cursor.deltaLink()))) {
      LOG.warn("A resume cursor for tenant {} points outside the configured Microsoft Graph endpoint; it is not"
          + " followed and the listing starts again", tenant);
      return null;
    }
    return cursor;
  }

  /** What every request of one listing shares: its client, error scope, tenant and priority. */
  private record Reader(GraphClient client, GraphScope scope, EntraTenantId tenant, boolean lowPriority) {
    /**
     * Marks a background listing's requests {@code x-ms-throttle-priority: Low} (concepts/throttling-limits.md):
     * Graph throttles them before the tenant's interactive work.
     */
    void prioritize(RequestHeaders headers) {
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
