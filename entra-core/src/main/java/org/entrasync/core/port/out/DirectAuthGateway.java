package org.entrasync.core.port.out;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;

/**
 * Partner OAuth against the Microsoft identity platform (the direct connection). The gateway keeps
 * the pending authorization (state, PKCE verifier) itself; tokens travel only as a {@link
 * PartnerGrant} from the callback to the SecretProvider.
 */
public interface DirectAuthGateway {

  /** Builds the authorization URL; the state is single use, expires in 10 minutes, bound to the actor. */
  AuthorizationStart startAuthorization(MspTenantId msp, Actor actor, URI redirectUri);

  /**
   * Completes the callback: checks state, exchanges the code with the PKCE verifier, and probes
   * Graph with the new token. Stores nothing.
   *
   * @param callbackParameters the query parameters of the callback ({@code code}, {@code state}, or
   *     {@code error}, {@code error_description})
   */
  PartnerGrant completeAuthorization(MspTenantId msp, Actor actor, Map<String, String> callbackParameters);

  /** The URL to send the browser to, and the state it carries. */
  record AuthorizationStart(URI authorizationUrl, String state, Instant expiresAt) {
    public AuthorizationStart {
      Objects.requireNonNull(authorizationUrl, "authorizationUrl");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** Tokens of a completed sign-in. Never logged: {@link #toString()} redacts them. */
  record PartnerGrant(
      String accessToken, String refreshToken, Instant expiresAt, String partnerTenantId, String scope) {
    public PartnerGrant {
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(refreshToken, "refreshToken");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "PartnerGrant[partnerTenantId=" + partnerTenantId + ", expiresAt=" + expiresAt
          + ", scope=" + scope + ", tokens=<redacted>]";
    }
  }
}
