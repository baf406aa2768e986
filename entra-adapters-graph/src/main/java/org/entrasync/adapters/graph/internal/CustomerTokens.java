package org.entrasync.adapters.graph.internal;

import com.google.common.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.entrasync.core.connection.MicrosoftAppCredentials;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for customer tenants (the GDAP pattern): the partner's refresh token redeemed at
 * {@code /{customerTenantId}/oauth2/v2.0/token} with scope {@code https://graph.microsoft.com/.default}.
 * Cached in memory per (MSP tenant, customer tenant) until {@code skew} before expiry; one request in
 * flight per key, concurrent callers wait for it and share its result (or its failure).
 */
public final class CustomerTokens {
  public static final String GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
  private static final Logger LOG = LoggerFactory.getLogger(CustomerTokens.class);

  private final PartnerTokens partner;
  private final TokenEndpointClient tokenEndpoint;
  private final UpstreamRetry retrying;
  private final Duration skew;
  private final Clock clock;
  /** Bounded; an entry goes with its tenant's LRU eviction or when older than any token lives. */
  private final Cache<Key, Cached> cache;
  private final ConnectionFence fence;
  private final ConcurrentHashMap<Key, CompletableFuture<Cached>> inFlight = new ConcurrentHashMap<>();

  public CustomerTokens(PartnerTokens partner, TokenEndpointClient tokenEndpoint, UpstreamRetry retrying, Duration skew,
      Clock clock, int maxTenants, ConnectionFence fence) {
    this.fence = Objects.requireNonNull(fence, "fence");
    this.cache = Caches.bounded(maxTenants, Caches.TOKEN_MAX_AGE, clock);
    this.partner = Objects.requireNonNull(partner, "partner");
    this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    this.retrying = Objects.requireNonNull(retrying, "retrying");
    this.skew = Objects.requireNonNull(skew, "skew");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AccessTokenSource source(MspTenantId msp, EntraTenantId tenant) {
    Key key = new Key(msp, tenant);
    return new AccessTokenSource() {
      @Override
      public String accessToken() {
        return CustomerTokens.this.accessToken(key, retrying);
      }

      @Override
      public String accessToken(UpstreamRetry retry) {
        return CustomerTokens.this.accessToken(key, retry);
      }

      @Override
      public void rejected(String token) {
        if (token != null) {
          cache.asMap().computeIfPresent(key, (k, cached) -> cached.token.equals(token) ? null : cached);
        }
      }
    };
  }

  public String accessToken(MspTenantId msp, EntraTenantId tenant) {
    return accessToken(new Key(msp, tenant), retrying);
  }

  /**
   * The permissions the tenant's current token was granted (its token response's {@code scope}), after
   * getting a token if none is cached; null when the identity platform did not say.
   */
  public String grantedScope(MspTenantId msp, EntraTenantId tenant, UpstreamRetry retry) {
    return grantedScope(msp, tenant, retry, null);
  }

  /**
   * As {@link #grantedScope(MspTenantId, EntraTenantId, UpstreamRetry)}, fencing a token request with
   * {@code connectionGeneration} (see {@link ConnectionFence#mark(MspTenantId, Long)}; null: unknown).
   */
  public String grantedScope(MspTenantId msp, EntraTenantId tenant, UpstreamRetry retry, Long connectionGeneration) {
    Key key = new Key(msp, tenant);
    accessToken(key, retry, connectionGeneration);
    Cached cached = cache.getIfPresent(key);
    return cached == null ? null : cached.scope;
  }

  private String accessToken(Key key, UpstreamRetry retry) {
    return accessToken(key, retry, null);
  }

  private String accessToken(Key key, UpstreamRetry retry, Long connectionGeneration) {
    Cached cached = fresh(key);
    if (cached != null) {
      return cached.token;
    }
    CompletableFuture<Cached> mine = new CompletableFuture<>();
    CompletableFuture<Cached> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return join(running).token;
    }
    try {
      Cached again = fresh(key); // a flight that finished just before ours started
      Cached result = again != null ? again : acquire(key, retry, connectionGeneration);
      cache.put(key, result);
      mine.complete(result);
      return result.token;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Cached fresh(Key key) {
    Cached cached = cache.getIfPresent(key);
    return cached != null && clock.instant().plus(skew).isBefore(cached.expiresAt) ? cached : null;
  }

  private Cached acquire(Key key, UpstreamRetry retry, Long connectionGeneration) {
    ConnectionFence.Mark mark = fence.mark(key.msp, connectionGeneration); // before the credentials are read
    String refreshToken = partner.refreshToken(key.msp);
    MicrosoftAppCredentials app = partner.app(key.msp);
    String tenant = key.tenant.value();
    TokenResponse response = retry.call("getting a token for customer tenant " + tenant, () -> {
      try {
        return tokenEndpoint.refresh(tenant, app, refreshToken, GRAPH_DEFAULT_SCOPE);
      } catch (TokenEndpointException e) {
        throw TokenErrors.forCustomer(key.tenant, e);
      }
    });
    String tid = Jwts.stringClaim(response.accessToken(), "tid").orElse(null);
    if (tid != null && !tid.equalsIgnoreCase(tenant)) {
      throw new ConsentMissingException(key.tenant, "consent missing in " + tenant + ": the identity platform issued"
          + " a token for another tenant (" + tid + "). A new GDAP relationship can take a few minutes to"
          + " propagate; try again later.");
    }
    if (!mark.connected() || !fence.holds(key.msp, mark)) {
      // obtained with the credentials of a connection that ended meanwhile: never cached, never used
      throw new CredentialRejectedException(CredentialRejectedException.Remedy.CONNECT, "The Microsoft Entra"
          + " connection of tenant " + key.msp + " was disconnected or replaced while a token for customer tenant "
          + tenant + " was being obtained; it was discarded. If the connection was replaced, run the sync again:"
          + " it uses the new connection. Connect again only if there is none.");
    }
    Instant expiresAt = clock.instant().plusSeconds(response.expiresInSeconds() > 0 ? response.expiresInSeconds() : 3600);
    LOG.debug("Got a token for customer tenant {} of {}; it expires at {}", tenant, key.msp, expiresAt);
    return new Cached(response.accessToken(), expiresAt, response.scope());
  }

  private static Cached join(CompletableFuture<Cached> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EntraUnavailableException("Interrupted while waiting for a customer tenant token");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EntraException) {
        throw (EntraException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** How many customer tokens are cached now. */
  public int cachedCount() {
    cache.cleanUp();
    return (int) cache.size();
  }

  /** Drops every cached token of an MSP tenant (after a disconnect or a new sign-in). */
  public void forget(MspTenantId msp) {
    cache.asMap().keySet().removeIf(k -> k.msp.equals(msp));
  }

  private record Key(MspTenantId msp, EntraTenantId tenant) {}

  private record Cached(String token, Instant expiresAt, String scope) {
    @Override
    public String toString() {
      return "Cached[expiresAt=" + expiresAt + ", token=<redacted>]";
    }
  }
}
