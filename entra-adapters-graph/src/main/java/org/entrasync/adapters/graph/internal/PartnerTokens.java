package org.entrasync.adapters.graph.internal;

import com.google.common.cache.Cache;
import com.google.common.util.concurrent.Striped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

  public PartnerTokens(SecretProvider secrets, MicrosoftAppCredentialsResolver credentials,
      TokenEndpointClient tokenEndpoint, UpstreamRetry retrying, String scope, Duration skew, Clock clock,
      int maxTenants) {
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
      stored = read(msp); // another thread may have refreshed meanwhile
      if (stored.usable(clock.instant(), skew) && !isRejected(msp, stored.accessToken)) {
        return stored.accessToken;
      }
      return refresh(msp, stored, retry);
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

  private String refresh(MspTenantId msp, Stored stored, UpstreamRetry retry) {
    if (stored.refreshToken == null) {
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
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, response.accessToken());
    if (response.refreshToken() != null && !response.refreshToken().isBlank()) {
      secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN, response.refreshToken());
    }
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT, expiresAt.toString());
    if (response.scope() != null && !response.scope().isBlank()) {
      secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE, response.scope());
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
