package org.entrasync.adapters.jdbi.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * {@link PendingAuthorizationStore} over {@code entra_pending_authorizations}, shared by every node.
 *
 * <ul>
 *   <li>Single use: {@link #consume} locks the row ({@code select ... for update}) and marks it used
 *       in one transaction, so of two nodes racing on one callback one sees it unused and the other
 *       waits, then sees it used.
 *   <li>The verifier is cleared in the same update that marks the row used, and is never logged:
 *       statements render no parameters into exception messages, and failures are rethrown without
 *       the driver's exception chain (which carries row values).
 *   <li>Rows are found by the SHA-256 of the state, which itself is not stored.
 *   <li>Saving a sign-in started at <i>t</i> deletes every sign-in that expired more than an hour
 *       before <i>t</i> (time comes from the data, as everywhere in the adapter). The purge spans
 *       tenants: an expired sign-in is nobody's data any more.
 * </ul>
 */
public final class JdbiPendingAuthorizationStore implements PendingAuthorizationStore {
  /** How long past its expiry a sign-in stays recognisable (expired, or used) before it is deleted. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private static final String INSERT = """
      insert into entra_pending_authorizations
        (msp_tenant_id, state_hash, actor_user_id, code_verifier, redirect_uri, created_at, expires_at, consumed_at)
      values (:msp, :hash, :actor, :verifier, :redirect, :createdAt, :expiresAt, :consumedAt)
      """;

  private static final String PURGE = """
      delete from entra_pending_authorizations where expires_at < :cutoff
      """;

  private static final String LOCK = """
      select msp_tenant_id, actor_user_id, code_verifier, redirect_uri, created_at, expires_at, consumed_at
        from entra_pending_authorizations
       where state_hash = :hash
         for update
      """;

  private static final String MARK_USED = """
      update entra_pending_authorizations
         set consumed_at = :now, code_verifier = null
       where msp_tenant_id = :msp and state_hash = :hash and consumed_at is null
      """;

  private final Jdbi jdbi;

  public JdbiPendingAuthorizationStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void save(PendingAuthorization pending) {
    Objects.requireNonNull(pending, "pending");
    inTransaction(h -> {
      h.createUpdate(PURGE).bind("cutoff", Db.ts(pending.createdAt().minus(RETENTION))).execute();
      return h.createUpdate(INSERT)
          .bind("msp", pending.msp().value())
          .bind("hash", hash(pending.state()))
          .bind("actor", pending.actorUserId())
          .bind("verifier", pending.codeVerifier())
          .bind("redirect", pending.redirectUri().toString())
          .bind("createdAt", Db.ts(pending.createdAt()))
          .bind("expiresAt", Db.ts(pending.expiresAt()))
          .bind("consumedAt", Db.ts(pending.consumedAt()))
          .execute();
    });
  }

  @Override
  public Optional<PendingAuthorization> consume(String state, Instant now) {
    Objects.requireNonNull(now, "now");
    if (state == null || state.isEmpty()) {
      return Optional.empty();
    }
    String hash = hash(state);
    return inTransaction(h -> {
      Optional<PendingAuthorization> before = h.createQuery(LOCK)
          .bind("hash", hash)
          .map((rs, ctx) -> new PendingAuthorization(
              state,
              MspTenantId.of(rs.getString("msp_tenant_id")),
              rs.getString("actor_user_id"),
              rs.getString("code_verifier"),
              URI.create(rs.getString("redirect_uri")),
              Db.instant(rs, "created_at"),
              Db.instant(rs, "expires_at"),
              Db.instant(rs, "consumed_at")))
          .findOne();
      before.filter(p -> p.consumedAt() == null).ifPresent(p -> h.createUpdate(MARK_USED)
          .bind("now", Db.ts(now))
          .bind("msp", p.msp().value())
          .bind("hash", hash)
          .execute());
      return before;
    });
  }

  /** Runs in one transaction; no statement parameter (the verifier) reaches an exception message. */
  private <T> T inTransaction(Function<Handle, T> work) {
    try {
      return jdbi.inTransaction(h -> {
        h.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return work.apply(h);
      });
    } catch (JdbiException e) {
      throw withoutCause(DatabaseErrors.translate(e));
    }
  }

  /** The translated failure, rebuilt without its cause: the driver's chain may quote row values. */
  private static RuntimeException withoutCause(Throwable translated) {
    if (translated instanceof EntraUnavailableException unavailable) {
      return new EntraUnavailableException(unavailable.getMessage(), unavailable.retryAfter().orElse(null), null);
    }
    if (translated instanceof EntraException) {
      return new EntraRejectedException(translated.getMessage());
    }
    return new EntraRejectedException("An entrasync database statement on pending sign-ins failed.");
  }

  static String hash(String state) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(state.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
