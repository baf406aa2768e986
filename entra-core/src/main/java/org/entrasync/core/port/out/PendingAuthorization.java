package org.entrasync.core.port.out;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.entrasync.spi.MspTenantId;

/**
 * A started partner sign-in, waiting for its callback. Holds the PKCE verifier, so it is a secret of
 * sorts: {@link #toString()} leaves the verifier and the state out, and once the sign-in is used the
 * verifier is gone ({@link #consumed}).
 *
 * @param state the single-use {@code state} sent to the identity platform
 * @param msp the MSP tenant the sign-in was started for
 * @param actorUserId the host user who started it (only that user may complete it)
 * @param codeVerifier the PKCE verifier matching the {@code code_challenge} that was sent; null once
 *     the sign-in is used
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
    if (consumedAt == null) {
      Objects.requireNonNull(codeVerifier, "codeVerifier");
    }
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** This sign-in used at {@code at}: the verifier is dropped, it is of no further use to anyone. */
  public PendingAuthorization consumed(Instant at) {
    return new PendingAuthorization(state, msp, actorUserId, null, redirectUri, createdAt, expiresAt,
        Objects.requireNonNull(at, "at"));
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
