package org.entrasync.adapters.graph;

import java.util.List;
import java.util.Objects;
import org.entrasync.adapters.graph.internal.GraphPaging;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;

/**
 * The {@link DirectoryGateway} of the direct connection, over Microsoft Graph v1.0 with the
 * microsoft-graph SDK v6: customers from {@code /tenantRelationships/delegatedAdminCustomers}, their
 * primary domain from {@code /organization}, user counts from {@code /users/$count}, users from
 * {@code /users} (full) or {@code /users/delta} (changes), each customer tenant read with its own
 * token (the partner's refresh token redeemed at that tenant's authority).
 *
 * <p>A thin composition: discovery and validation are {@link GraphCustomerDiscovery}'s, user streaming
 * is {@link GraphUserListing}'s; both share the adapter's runtime (tokens, clients, retries, threads)
 * and one set of paging rules.
 */
public final class GraphDirectoryGateway implements DirectoryGateway {
  private final GraphRuntime runtime;
  private final GraphCustomerDiscovery discovery;
  private final GraphUserListing users;

  public GraphDirectoryGateway(
      GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials) {
    this(new GraphRuntime(config, secrets, credentials));
  }

  GraphDirectoryGateway(GraphRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    GraphPaging paging = new GraphPaging(runtime.config.graphBaseUrl());
    this.discovery = new GraphCustomerDiscovery(runtime, paging);
    this.users = new GraphUserListing(runtime, paging);
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
    return discovery.validate(msp);
  }

  @Override
  public List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
    return discovery.listManagedTenants(msp);
  }

  @Override
  public ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    return users.streamUsers(msp, tenant, request, sink);
  }
}
