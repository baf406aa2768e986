package org.entrasync.adapters.graph;

import com.microsoft.graph.models.DelegatedAdminCustomer;
import com.microsoft.graph.models.DelegatedAdminCustomerCollectionResponse;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.VerifiedDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.entrasync.adapters.graph.internal.Await;
import org.entrasync.adapters.graph.internal.GraphClient;
import org.entrasync.adapters.graph.internal.GraphPaging;
import org.entrasync.adapters.graph.internal.GraphScope;
import org.entrasync.adapters.graph.internal.Permissions;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves discovery and validation: the partner's GDAP customers from {@code
 * /tenantRelationships/delegatedAdminCustomers} (partner token), each enriched with its primary domain
 * ({@code /organization}) and user count ({@code /users/$count}) under its own customer token, on the
 * adapter's shared discovery threads ({@link GraphRuntime#discovery()}, never a pool per call).
 */
final class GraphCustomerDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(GraphCustomerDiscovery.class);
  /** {@code delegatedAdminCustomers} accepts {@code $top} up to 300. */
  private static final int CUSTOMERS_PAGE = 300;

  private final GraphRuntime runtime;
  private final GraphPaging paging;

  GraphCustomerDiscovery(GraphRuntime runtime, GraphPaging paging) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.paging = Objects.requireNonNull(paging, "paging");
  }

  /** How many customers the partner sees, read under the interactive retry policy. */
  int validate(MspTenantId msp) {
    int count = customers(msp, runtime.interactive).size();
    LOG.info("Validated the direct connection of tenant {}: {} customer tenants visible", msp, count);
    return count;
  }

  List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
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
        futures.put(e.getKey(), runtime.discovery().submit(UpstreamWork.carried(() -> enrich(msp, e.getKey(), e.getValue()))));
      }
      Map<EntraTenantId, Enriched> result = new LinkedHashMap<>();
      for (Map.Entry<EntraTenantId, Future<Enriched>> f : futures.entrySet()) {
        result.put(f.getKey(), Await.result(f.getValue()));
      }
      return result;
    } finally {
      futures.values().forEach(f -> f.cancel(true)); // a failed or interrupted discovery leaves nothing queued
    }
  }

  /** One enriched customer; {@code unavailable} when Graph's throttling or an outage left it unread. */
  private record Enriched(DiscoveredTenant tenant, boolean unavailable) {}

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
    for (int pages = 0; page != null && pages < GraphPaging.MAX_PAGES; pages++) {
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
      if (GraphPaging.sameLink(followed, next)) {
        // a partial customer list would make discovery mark the missing customers as gone
        throw new EntraUnavailableException("Microsoft Graph answered the partner's customers with a next link equal"
            + " to the link just followed (a paging loop); discovery stops without a result. Try again later.");
      }
      followed = next;
      paging.requireGraphLink(next, false);
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
}
