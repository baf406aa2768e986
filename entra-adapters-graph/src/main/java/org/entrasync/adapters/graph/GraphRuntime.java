package org.entrasync.adapters.graph;

import com.google.common.cache.Cache;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.entrasync.adapters.graph.internal.Caches;
import org.entrasync.adapters.graph.internal.ConnectionFence;
import org.entrasync.adapters.graph.internal.CustomerTokens;
import org.entrasync.adapters.graph.internal.GraphCaller;
import org.entrasync.adapters.graph.internal.GraphClient;
import org.entrasync.adapters.graph.internal.GraphClients;
import org.entrasync.adapters.graph.internal.PartnerTokens;
import org.entrasync.adapters.graph.internal.TokenEndpointClient;
import org.entrasync.core.connection.ConnectionGenerations;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/** The parts both gateways share: HTTP clients, token handling, SDK clients, retries. */
final class GraphRuntime {
  final GraphConnectionConfig config;
  final SecretProvider secrets;
  final MicrosoftAppCredentialsResolver credentials;
  final OkHttpClient tokenHttp;
  final TokenEndpointClient tokenEndpoint;
  /** Background calls: discovery, listings and their token refreshes. */
  final UpstreamRetry retrying;
  /** Calls an operator waits on: sign-in completion, validation. */
  final UpstreamRetry interactive;
  final PartnerTokens partnerTokens;
  final CustomerTokens customerTokens;
  final GraphClients graphClients;
  final GraphCaller caller;
  /** Fetches the next users page while the current one is written; threads end when idle. */
  private ExecutorService prefetch;
  /**
   * Enriches discovered customers (their token, domain, user count): {@code discoveryConcurrency}
   * threads shared by every discovery of this adapter, ending when idle; never a pool per call.
   */
  private ExecutorService discovery;
  /** One SDK client per (MSP, customer tenant) in use; bounded, the least recently used go first. */
  private final Cache<ClientKey, GraphClient> clients;
  private final Cache<MspTenantId, String> partnerSeen;

  final ConnectionFence fence;

  GraphRuntime(GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials) {
    this(config, secrets, credentials, null);
  }

  /** @param generations the host's connection store (shared by its nodes), or null */
  GraphRuntime(GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials,
      ConnectionGenerations generations) {
    this.config = Objects.requireNonNull(config, "config");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.tokenHttp = new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .followRedirects(false)
        .build();
    this.tokenEndpoint = new TokenEndpointClient(tokenHttp, config.authorityBaseUrl(), config.clock());
    this.retrying = new UpstreamRetry(config.retryPolicy());
    this.interactive = new UpstreamRetry(config.interactiveRetryPolicy());
    this.fence = new ConnectionFence(generations, config.maxCachedTenants());
    this.partnerTokens = new PartnerTokens(secrets, credentials, tokenEndpoint, retrying, config.scopeString(),
        config.tokenRefreshSkew(), config.clock(), config.maxCachedTenants(), fence);
    this.customerTokens = new CustomerTokens(partnerTokens, tokenEndpoint, retrying, config.tokenRefreshSkew(),
        config.clock(), config.maxCachedTenants(), fence);
    this.clients = Caches.bounded(config.maxCachedTenants());
    this.partnerSeen = Caches.bounded(config.maxCachedTenants());
    this.graphClients = new GraphClients(config.graphBaseUrl(), config.connectTimeout(), config.readTimeout());
    this.caller = new GraphCaller(retrying, config.clock());
  }

  /**
   * Checks, once per operation, that a partner sign-in is stored (else {@code CONNECT}), and drops the
   * cached customer tokens when the stored sign-in belongs to another partner tenant than before (a
   * reconnect with another account).
   */
  void requireConnected(MspTenantId msp) {
    partnerTokens.refreshToken(msp);
    String partner = secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID).orElse("");
    String before = partnerSeen.asMap().put(msp, partner);
    if (before != null && !before.equals(partner)) {
      customerTokens.forget(msp);
    }
  }

  /** The client that calls Graph with the partner's own token. */
  GraphClient partnerClient(MspTenantId msp) {
    return clients.asMap().computeIfAbsent(new ClientKey(msp, null), k -> graphClients.create(partnerTokens.source(msp)));
  }

  /** The client of one customer tenant (one per tenant, as the SDK expects). */
  GraphClient customerClient(MspTenantId msp, EntraTenantId tenant) {
    return clients.asMap().computeIfAbsent(new ClientKey(msp, tenant),
        k -> graphClients.create(customerTokens.source(msp, tenant)));
  }

  /**
   * The MSP tenant's connection ended (disconnect, reconnect, switch): refreshes in flight may no longer
   * write, and its customer tokens, SDK clients and token notes are forgotten.
   */
  void connectionEnded(MspTenantId msp) {
    fence.ended(msp);
    customerTokens.forget(msp);
    partnerTokens.forget(msp);
    clients.asMap().keySet().removeIf(key -> key.msp().equals(msp));
    partnerSeen.invalidate(msp);
  }

  int cachedClientCount() {
    clients.cleanUp();
    return (int) clients.size();
  }

  /** The prefetch threads, started again after {@link #close()}. */
  synchronized ExecutorService prefetch() {
    if (prefetch == null) {
      AtomicInteger threads = new AtomicInteger();
      prefetch = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "entrasync-graph-prefetch-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return prefetch;
  }

  /** The discovery threads, started again after {@link #close()}. */
  synchronized ExecutorService discovery() {
    if (discovery == null) {
      AtomicInteger threads = new AtomicInteger();
      ThreadPoolExecutor enrich = new ThreadPoolExecutor(config.discoveryConcurrency(), config.discoveryConcurrency(),
          60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "entrasync-graph-discovery-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      enrich.allowCoreThreadTimeOut(true);
      discovery = enrich;
    }
    return discovery;
  }

  /**
   * Releases pooled connections and stops the prefetch and discovery threads. The gateways stay
   * usable ({@link GraphAdapter#close()}): the next listing or discovery starts new threads, and
   * connections are reopened on demand.
   */
  synchronized void close() {
    if (prefetch != null) {
      prefetch.shutdownNow();
      prefetch = null;
    }
    if (discovery != null) {
      discovery.shutdownNow();
      discovery = null;
    }
    graphClients.close();
    tokenHttp.connectionPool().evictAll();
  }

  private record ClientKey(MspTenantId msp, EntraTenantId tenant) {}
}
