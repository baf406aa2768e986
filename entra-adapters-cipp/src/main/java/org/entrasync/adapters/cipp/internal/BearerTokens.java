package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Response;

/**
 * The bearer token for a CIPP call. With a stored token only, that token. With a CIPP API client,
 * a client-credentials token from the Microsoft identity platform ({@code scope
 * api://<client id>/.default}), cached in memory until shortly before it expires and renewed on
 * demand. Tokens are never logged and never written anywhere.
 */
public final class BearerTokens {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);
  private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(60);

  private final TokenApi tokenApi;
  private final String authorityHost;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Duration refreshMargin;
  /** Token slots kept at most: one per CIPP API client in use; the least recently used goes first. */
  static final int MAX_CACHED_CLIENTS = 256;
  private final BoundedLru<String, Slot> slots = new BoundedLru<>(MAX_CACHED_CLIENTS);

  public BearerTokens(TokenApi tokenApi, String authorityHost, ObjectMapper mapper, Clock clock, Duration refreshMargin) {
    this.tokenApi = tokenApi;
    this.authorityHost = authorityHost;
    this.mapper = mapper;
    this.clock = clock;
    this.refreshMargin = refreshMargin;
  }

  /** The token to send now. */
  public String current(CippConnection credentials) {
    if (!credentials.hasClient()) {
      return credentials.apiToken();
    }
    return slot(credentials).get(credentials);
  }

  /** Forgets {@code token} if it is the cached one (CIPP rejected it), so the next call fetches anew. */
  public void reject(CippConnection credentials, String token) {
    if (credentials.hasClient()) {
      slot(credentials).drop(token);
    }
  }

  int cachedClients() {
    return slots.size();
  }

  private Slot slot(CippConnection c) {
    return slots.computeIfAbsent(cacheKey(c), k -> new Slot());
  }

  /** Identifies a client without keeping its secret in a map key: a hash of all four values. */
  private static String cacheKey(CippConnection c) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {c.baseUrl().value(), c.tenantId(), c.clientId(), c.clientSecret()}) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private final class Slot {
    private String token;
    private Instant renewAt = Instant.MIN;

    synchronized String get(CippConnection c) {
      if (token != null && clock.instant().isBefore(renewAt)) {
        return token;
      }
      // not retried here: a failure fails the CIPP call, which its own retry policy repeats whole
      Issued issued = request(c);
      Duration lifetime = issued.lifetime;
      Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
      token = issued.token;
      renewAt = clock.instant().plus(lifetime).minus(margin);
      LOG.debug("Obtained a CIPP API token for client {} (valid {} s)", c.clientId(), lifetime.toSeconds());
      return token;
    }

    synchronized void drop(String rejected) {
      if (token != null && token.equals(rejected)) {
        token = null;
        renewAt = Instant.MIN;
      }
    }
  }

  private record Issued(String token, Duration lifetime) {}

  private Issued request(CippConnection c) {
    Response<TokenResponse> response;
    try {
      response = tokenApi
          .clientCredentials(c.tenantId(), "client_credentials", c.clientId(), c.clientSecret(),
              "api://" + c.clientId() + "/.default")
          .execute();
    } catch (IOException e) {
      throw new EntraUnavailableException("Could not obtain a CIPP API token from " + authorityHost + " for client "
          + c.clientId() + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "). Retrying later can help.", e);
    }
    if (response.isSuccessful()) {
      TokenResponse body = response.body();
      if (body == null || body.accessToken() == null || body.accessToken().isBlank()) {
        throw new EntraUnavailableException("The token endpoint " + authorityHost + " answered without an access token"
            + " for CIPP API client " + c.clientId() + ". Retrying later can help.");
      }
      long seconds = body.expiresIn() == null || body.expiresIn() <= 0 ? DEFAULT_LIFETIME.toSeconds() : body.expiresIn();
      return new Issued(body.accessToken(), Duration.ofSeconds(seconds));
    }
    String text = ErrorText.read(response.errorBody(), mapper, c.clientSecret());
    throw forTokenError(c, response.code(), text);
  }

  private EntraException forTokenError(CippConnection c, int status, String text) {
    if (status == 400 || status == 401 || status == 403) {
      String lower = text.toLowerCase(Locale.ROOT);
      String hint;
      if (lower.contains("aadsts7000215") || lower.contains("aadsts7000222") || lower.contains("invalid client secret")) {
        hint = "The client secret is wrong or expired.";
      } else if (lower.contains("aadsts700016") || lower.contains("unauthorized_client")) {
        hint = "No such application in that tenant: check the client id and the tenant id.";
      } else if (lower.contains("aadsts90002") || lower.contains("aadsts900023")) {
        hint = "The tenant id is wrong: use the MSP's Entra tenant id where the CIPP API client was created.";
      } else if (lower.contains("aadsts500011") || lower.contains("invalid_scope") || lower.contains("aadsts70011")) {
        hint = "The client does not expose api://" + c.clientId() + "; recreate it in CIPP > Integrations > CIPP-API.";
      } else {
        hint = "Check the CIPP API client's id, secret and tenant id.";
      }
      return new CredentialRejectedException(CredentialRejectedException.Remedy.ROTATE_CIPP_CREDENTIAL,
          "The Microsoft identity platform (" + authorityHost + ") refused to issue a CIPP API token for client "
              + c.clientId() + " (HTTP " + status + (text.isBlank() ? "" : ": " + text) + "). " + hint
              + " Rotate the CIPP API credential in CIPP > Integrations > CIPP-API and reconnect.");
    }
    return new EntraUnavailableException("The token endpoint " + authorityHost + " failed for CIPP API client "
        + c.clientId() + " (HTTP " + status + (text.isBlank() ? "" : ": " + text) + "). Retrying later can help.");
  }
}
