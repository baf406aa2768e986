package org.entrasync.adapters.graph.internal;

import com.google.common.cache.Cache;
import com.google.common.util.concurrent.Striped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import org.entrasync.core.connection.MicrosoftAppCredentials;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.error.CredentialRejectedException.Remedy;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner admin's delegated tokens, kept only in the {@link SecretProvider} under the {@code
 * entra_direct_*} names. The access token is refreshed {@code skew} before it expires, and once when
 * Graph rejects it; every refresh stores the rotated refresh token, the new access token, its expiry
 * (ISO-8601) and scope. One refresh per MSP tenant at a time in this process (other nodes may refresh
 * concurrently; old refresh tokens stay valid, so that is harmless).
 */
public final class PartnerTokens {
  private static final Logger LOG = LoggerFactory.getLogger(PartnerTokens.class);

  private final SecretProvider secrets;
  private final MicrosoftAppCredentialsResolver credentials;
  private final TokenEndpointClient tokenEndpoint;
  private final UpstreamRetry retrying;
  private final String scope;
  private final Duration skew;
  private final Clock clock;
  /** One refresh per MSP tenant at a time: a fixed set of locks, whatever the number of tenants. */
  private final Striped<Lock> locks = Striped.lock(64);
  /** Tokens Graph answered 401 to, per MSP tenant (bounded; forgotten once any token would have expired). */
  private final Cache<MspTenantId, String> rejected;
  private final ConnectionFence fence;

  public PartnerTokens(SecretProvider secrets, MicrosoftAppCredentialsResolver credentials,
      TokenEndpointClient tokenEndpoint, UpstreamRetry retrying, String scope, Duration skew, Clock clock,
      int maxTenants, ConnectionFence fence) {
    this.fence = Objects.requireNonNull(fence, "fence");
    this.rejected = Caches.bounded(maxTenants, Caches.TOKEN_MAX_AGE, clock);
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    this.retrying = Objects.requireNonNull(retrying, "retrying");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.skew = Objects.requireNonNull(skew, "skew");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AccessTokenSource source(MspTenantId msp) {
    return new AccessTokenSource() {
      @Override
      public String accessToken() {
        return PartnerTokens.this.accessToken(msp, retrying);
      }

      @Override
      public String accessToken(UpstreamRetry retry) {
        return PartnerTokens.this.accessToken(msp, retry);
      }

      @Override
      public void rejected(String token) {
        PartnerTokens.this.rejected(msp, token);
      }
    };
  }

  /** A partner access token valid for at least the skew. */
  public String accessToken(MspTenantId msp) {
    return accessToken(msp, retrying);
  }

  /** As {@link #accessToken(MspTenantId)}, retrying a refresh under {@code retry}. */
  public String accessToken(MspTenantId msp, UpstreamRetry retry) {
    Stored stored = read(msp);
    if (stored.usable(clock.instant(), skew) && !isRejected(msp, stored.accessToken)) {
      return stored.accessToken;
    }
    Lock lock = locks.get(msp);
    lock.lock();
    try {
      ConnectionFence.Mark mark = fence.mark(msp); // before the tokens are read: they belong to this mark
      stored = read(msp); // another thread may have refreshed meanwhile
      if (stored.usable(clock.instant(), skew) && !isRejected(msp, stored.accessToken)) {
        return stored.accessToken;
      }
      return refresh(msp, stored, retry, mark);
    } finally {
      lock.unlock();
    }
  }

  /** How many MSP tenants this process keeps token bookkeeping for. */
  public int trackedTenantCount() {
    rejected.cleanUp();
    return (int) rejected.size();
  }

  public void rejected(MspTenantId msp, String token) {
    if (token != null) {
      rejected.put(msp, token);
    }
  }

  /** The stored partner refresh token; the connection is unusable without one. */
  public String refreshToken(MspTenantId msp) {
    return secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> notConnected(msp));
  }

  /** The permissions the stored partner token was granted; null when unknown. */
  public String grantedScope(MspTenantId msp) {
    return secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE).filter(s -> !s.isBlank()).orElse(null);
  }

  /** The stored partner tenant id (the {@code tid} of the sign-in); null when unknown. */
  public String partnerTenantId(MspTenantId msp) {
    return secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID).filter(s -> !s.isBlank()).orElse(null);
  }

  public MicrosoftAppCredentials app(MspTenantId msp) {
    return credentials.require(msp);
  }

  private boolean isRejected(MspTenantId msp, String token) {
    return token.equals(rejected.getIfPresent(msp));
  }

  private String refresh(MspTenantId msp, Stored stored, UpstreamRetry retry, ConnectionFence.Mark mark) {
    if (stored.refreshToken == null || !mark.connected()) {
      throw notConnected(msp);
    }
    MicrosoftAppCredentials app = credentials.require(msp);
    String authority = stored.partnerTenantId != null ? stored.partnerTenantId : app.authorityTenant();
    TokenResponse response = retry.call("refreshing the partner token", () -> {
      try {
        return tokenEndpoint.refresh(authority, app, stored.refreshToken, scope);
      } catch (TokenEndpointException e) {
        throw TokenErrors.forPartner(e);
      }
    });
    Instant expiresAt = clock.instant().plusSeconds(response.expiresInSeconds() > 0 ? response.expiresInSeconds() : 3600);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, response.accessToken());
    if (response.refreshToken() != null && !response.refreshToken().isBlank()) {
      tokens.put(SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN, response.refreshToken());
    }
    tokens.put(SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT, expiresAt.toString());
    if (response.scope() != null && !response.scope().isBlank()) {
      tokens.put(SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE, response.scope());
    }
    // The connection may have been disconnected or replaced during the token call: check before the
    // write, and again after it (a disconnect between the check and the write must not leave tokens).
    if (!fence.holds(msp, mark)) {
      throw connectionChanged(msp);
    }
    tokens.forEach((key, value) -> secrets.putTenantSecret(msp, key, value));
    if (!fence.holds(msp, mark)) {
      tokens.forEach((key, value) -> {
        if (secrets.getTenantSecret(msp, key).filter(value::equals).isPresent()) {
          secrets.deleteTenantSecret(msp, key);
        }
      });
      throw connectionChanged(msp);
    }
    rejected.invalidate(msp);
    LOG.info("Refreshed the partner token of tenant {}; it expires at {}", msp, expiresAt);
    return response.accessToken();
  }

  private Stored read(MspTenantId msp) {
    String access = secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN).filter(s -> !s.isBlank()).orElse(null);
    String refresh = secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN).filter(s -> !s.isBlank()).orElse(null);
    String expires = secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT).orElse(null);
    String partner = secrets.getTenantSecret(msp, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID).filter(s -> !s.isBlank()).orElse(null);
    if (access == null && refresh == null) {
      throw notConnected(msp);
    }
    Instant expiresAt = null;
    if (expires != null) {
      try {
        expiresAt = Instant.parse(expires.strip());
      } catch (DateTimeParseException e) {
        LOG.warn("Stored partner token expiry of tenant {} is unreadable; refreshing", msp);
      }
    }
    return new Stored(access, refresh, expiresAt, partner);
  }

  /** Forgets what this process noted about the tenant's tokens (its connection ended). */
  public void forget(MspTenantId msp) {
    rejected.invalidate(msp);
  }

  private static CredentialRejectedException connectionChanged(MspTenantId msp) {
    return new CredentialRejectedException(Remedy.CONNECT, "The Microsoft Entra connection of tenant " + msp
        + " was disconnected or replaced while its partner token was being refreshed; the refreshed token was"
        + " discarded. Work started under the new connection is not affected; connect again if there is none.");
  }

  private static CredentialRejectedException notConnected(MspTenantId msp) {
    return new CredentialRejectedException(Remedy.CONNECT, "No Microsoft Entra sign-in is stored for tenant " + msp
        + ". Connect the direct connection (partner admin sign-in) first.");
  }

  private record Stored(String accessToken, String refreshToken, Instant expiresAt, String partnerTenantId) {
    boolean usable(Instant now, Duration skew) {
      return accessToken != null && expiresAt != null && now.plus(skew).isBefore(expiresAt);
    }
  }
}
