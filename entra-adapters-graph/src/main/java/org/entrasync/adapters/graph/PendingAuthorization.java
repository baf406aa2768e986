package org.entrasync.adapters.graph;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * A started partner sign-in, waiting for its callback. Holds the PKCE verifier, so it is a secret of
 * sorts: {@link #toString()} leaves the verifier and the state out.
 *
 * @param state the single-use {@code state} sent to the identity platform
 * @param msp the MSP tenant the sign-in was started for
 * @param actorUserId the host user who started it (only that user may complete it)
 * @param codeVerifier the PKCE verifier matching the {@code code_challenge} that was sent
 * @param redirectUri the redirect URI that was sent (the code exchange must repeat it)
 * @param consumedAt when a callback first presented this state, or null while unused
 */
public record PendingAuthorization(
    String state,
    MspTenantId msp,
    String actorUserId,
    String codeVerifier,
    URI redirectUri,
    Instant createdAt,
    Instant expiresAt,
    Instant consumedAt) {

  public PendingAuthorization {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(actorUserId, "actorUserId");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public PendingAuthorization consumed(Instant at) {
    return new PendingAuthorization(state, msp, actorUserId, codeVerifier, redirectUri, createdAt, expiresAt, at);
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "PendingAuthorization[msp=" + msp + ", actorUserId=" + actorUserId + ", createdAt=" + createdAt
        + ", expiresAt=" + expiresAt + ", consumedAt=" + consumedAt + ", state/verifier=<redacted>]";
  }
}
