package org.entrasync.adapters.graph;

import com.microsoft.graph.models.DelegatedAdminCustomerCollectionResponse;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.entrasync.adapters.graph.internal.AccessTokenSource;
import org.entrasync.adapters.graph.internal.GraphClient;
import org.entrasync.adapters.graph.internal.GraphScope;
import org.entrasync.adapters.graph.internal.Jwts;
import org.entrasync.adapters.graph.internal.Permissions;
import org.entrasync.adapters.graph.internal.Pkce;
import org.entrasync.adapters.graph.internal.Redaction;
import org.entrasync.adapters.graph.internal.TokenEndpointException;
import org.entrasync.adapters.graph.internal.TokenErrors;
import org.entrasync.adapters.graph.internal.TokenResponse;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import org.entrasync.core.connection.MicrosoftAppCredentials;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.spi.Actor;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partner sign-in (OAuth 2.0 authorization code + PKCE S256 on the v2.0 endpoints). Starting a
 * sign-in stores a single-use state, bound to the MSP tenant and the acting user and valid for 10
 * minutes, in a {@link PendingAuthorizationStore}. Completing it checks that state, exchanges the
 * code with the verifier, probes Graph ({@code delegatedAdminCustomers?$top=1}) with the new token and
 * returns the grant. It stores nothing: the connection lifecycle stores the grant through the
 * SecretProvider.
 */
public final class GraphDirectAuthGateway implements DirectAuthGateway {
  private static final Logger LOG = LoggerFactory.getLogger(GraphDirectAuthGateway.class);

  private final GraphRuntime runtime;
  private final PendingAuthorizationStore pending;

  /** A stand-alone gateway with an in-memory pending-sign-in store. */
  public GraphDirectAuthGateway(
      GraphConnectionConfig config, SecretProvider secrets, MicrosoftAppCredentialsResolver credentials) {
    this(config, secrets, credentials, new InMemoryPendingAuthorizationStore(config.clock()));
  }

  public GraphDirectAuthGateway(GraphConnectionConfig config, SecretProvider secrets,
      MicrosoftAppCredentialsResolver credentials, PendingAuthorizationStore pending) {
    this(new GraphRuntime(config, secrets, credentials), pending);
  }

  GraphDirectAuthGateway(GraphRuntime runtime, PendingAuthorizationStore pending) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.pending = Objects.requireNonNull(pending, "pending");
  }

  @Override
  public AuthorizationStart startAuthorization(MspTenantId msp, Actor actor, URI redirectUri) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(actor, "actor");
    URI redirect = redirectUri != null ? redirectUri : runtime.config.redirectUri();
    if (redirect == null) {
      throw new EntraRejectedException("No redirect URI for the Microsoft sign-in: pass the host's callback URL"
          + " (registered on the app registration) or configure one in GraphConnectionConfig.");
    }
    if (!runtime.config.allowsRedirect(redirect)) {
      // the authorization code goes to this address: only the host's own callbacks qualify
      throw new RefusedException(Refusal.VALIDATION, "The redirect URI of the Microsoft sign-in is not one this"
          + " installation allows; it must equal one of the callback URLs configured in GraphConnectionConfig"
          + " (redirectUri, allowedRedirectUris).");
    }
    MicrosoftAppCredentials app = runtime.credentials.require(msp);
    Instant now = runtime.config.clock().instant();
    String state = Pkce.randomToken(32);
    String verifier = Pkce.newVerifier();
    Instant expiresAt = now.plus(runtime.config.authorizationLifetime());
    HttpUrl url = runtime.tokenEndpoint.authorizeUrl(app.authorityTenant()).newBuilder()
        .addQueryParameter("client_id", app.clientId())
        .addQueryParameter("response_type", "code")
        .addQueryParameter("redirect_uri", redirect.toString())
        .addQueryParameter("response_mode", "query")
        .addQueryParameter("scope", runtime.config.scopeString())
        .addQueryParameter("state", state)
        .addQueryParameter("code_challenge", Pkce.s256Challenge(verifier))
        .addQueryParameter("code_challenge_method", "S256")
        .build();
    pending.save(new PendingAuthorization(state, msp, actor.userId(), verifier, redirect, now, expiresAt, null));
    LOG.info("Started a Microsoft partner sign-in for tenant {} by user {}; it expires at {}", msp, actor.userId(), expiresAt);
    return new AuthorizationStart(url.uri(), state, expiresAt);
  }

  @Override
  public PartnerGrant completeAuthorization(MspTenantId msp, Actor actor, Map<String, String> callbackParameters) {
    Objects.requireNonNull(msp, "msp");
    Objects.requireNonNull(actor, "actor");
    Map<String, String> params = callbackParameters == null ? Map.of() : callbackParameters;
    Instant now = runtime.config.clock().instant();
    String state = blankToNull(params.get("state"));
    String error = blankToNull(params.get("error"));

    if (error != null) {
      if (state != null) {
        pending.consume(state, now); // an answered sign-in cannot be completed later
      }
      String description = Redaction.scrub(params.get("error_description"));
      throw new EntraRejectedException("The Microsoft sign-in was not completed: " + Redaction.scrub(error)
          + (description == null || description.isBlank() ? "" : " (" + description + ")")
          + ("access_denied".equals(error) ? ". The admin declined or cancelled the consent." : ".")
          + " Start the connection again.");
    }
    if (state == null) {
      throw new EntraRejectedException("The sign-in callback carries no state, so it cannot be matched to a sign-in"
          + " started here. Start the connection again.");
    }
    Optional<PendingAuthorization> found = pending.consume(state, now);
    if (found.isEmpty()) {
      throw new EntraRejectedException("The sign-in callback carries an unknown state: it was not started here or"
          + " is long expired. Start the connection again.");
    }
    PendingAuthorization started = found.get();
    if (started.consumedAt() != null) {
      throw new EntraRejectedException("This sign-in callback was already used (a state is valid once). Start the"
          + " connection again.");
    }
    if (!started.msp().equals(msp) || !started.actorUserId().equals(actor.userId())) {
      throw new EntraRejectedException("This sign-in was started by another user or for another tenant; it can only"
          + " be completed by the user who started it. Start the connection again.");
    }
    if (started.isExpired(now)) {
      throw new EntraRejectedException("The sign-in took longer than "
          + runtime.config.authorizationLifetime().toMinutes() + " minutes and expired. Start the connection again.");
    }
    String code = blankToNull(params.get("code"));
    if (code == null) {
      throw new EntraRejectedException("The sign-in callback carries no authorization code. Start the connection"
          + " again.");
    }

    MicrosoftAppCredentials app = runtime.credentials.require(msp);
    TokenResponse token = runtime.interactive.call("redeeming the sign-in code", () -> {
      try {
        return runtime.tokenEndpoint.redeemCode(app.authorityTenant(), app, code, started.redirectUri().toString(),
            started.codeVerifier(), runtime.config.scopeString());
      } catch (TokenEndpointException e) {
        throw TokenErrors.forPartner(e);
      }
    });
    if (token.refreshToken() == null || token.refreshToken().isBlank()) {
      throw new EntraRejectedException("The Microsoft sign-in returned no refresh token; the requested scopes must"
          + " include offline_access. Fix the configured scopes and connect again.");
    }
    String partnerTenantId = Jwts.stringClaim(token.idToken(), "tid")
        .or(() -> Jwts.stringClaim(token.accessToken(), "tid"))
        .orElse(app.tenantId());
    if (!Permissions.grantsAny(token.scope(), Permissions.READ_CUSTOMERS)) {
      throw Permissions.customersScopeMissing(partnerTenantId, token.scope());
    }
    probe(token.accessToken());
    Instant expiresAt = now.plusSeconds(token.expiresInSeconds() > 0 ? token.expiresInSeconds() : 3600);
    LOG.info("Completed the Microsoft partner sign-in for tenant {} (partner tenant {})", msp, partnerTenantId);
    return new PartnerGrant(token.accessToken(), token.refreshToken(), expiresAt, partnerTenantId, token.scope());
  }

  /** Proves the new token can read the partner's customers before anything is stored. */
  private void probe(String accessToken) {
    GraphClient client = runtime.graphClients.create(new AccessTokenSource() {
      @Override
      public String accessToken() {
        return accessToken;
      }

      @Override
      public void rejected(String token) {
        // a fresh token that is rejected stays rejected: the second attempt fails with the 401 mapping
      }
    });
    DelegatedAdminCustomerCollectionResponse ignored = runtime.caller.call(client, GraphScope.partner(),
        "checking access to the partner's customers", runtime.interactive,
        g -> g.tenantRelationships().delegatedAdminCustomers().get(c -> c.queryParameters.top = 1));
    Objects.requireNonNull(ignored, "probe response");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
