package org.entrasync.adapters.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.entrasync.core.connection.MicrosoftAppCredentials;

/**
 * The v2.0 token endpoint ({@code /{tenant}/oauth2/v2.0/token}): plain form POSTs over OkHttp,
 * JSON answers read with Jackson. Throws {@link TokenEndpointException} for every failure; the caller
 * classifies it (partner or customer context) and decides about retries.
 */
public final class TokenEndpointClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final HttpUrl authorityBase;
  private final Clock clock;

  public TokenEndpointClient(OkHttpClient http, URI authorityBase, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.authorityBase = Objects.requireNonNull(HttpUrl.get(authorityBase.toString()), "authorityBase");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The authorization endpoint of a tenant (or {@code organizations}). */
  public HttpUrl authorizeUrl(String tenant) {
    return endpoint(tenant, "authorize");
  }

  public TokenResponse redeemCode(
      String tenant, MicrosoftAppCredentials app, String code, String redirectUri, String codeVerifier, String scope) {
    FormBody form = new FormBody.Builder()
        .add("client_id", app.clientId())
        .add("client_secret", app.clientSecret())
        .add("grant_type", "authorization_code")
        .add("code", code)
        .add("redirect_uri", redirectUri)
        .add("code_verifier", codeVerifier)
        .add("scope", scope)
        .build();
    return post(tenant, form);
  }

  public TokenResponse refresh(String tenant, MicrosoftAppCredentials app, String refreshToken, String scope) {
    FormBody form = new FormBody.Builder()
        .add("client_id", app.clientId())
        .add("client_secret", app.clientSecret())
        .add("grant_type", "refresh_token")
        .add("refresh_token", refreshToken)
        .add("scope", scope)
        .build();
    return post(tenant, form);
  }

  private HttpUrl endpoint(String tenant, String leaf) {
    return authorityBase.newBuilder().addPathSegment(tenant).addPathSegment("oauth2").addPathSegment("v2.0")
        .addPathSegment(leaf).build();
  }

  private TokenResponse post(String tenant, FormBody form) {
    Request request = new Request.Builder().url(endpoint(tenant, "token")).post(form)
        .header("Accept", "application/json").build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      JsonNode json = readJson(text);
      if (response.isSuccessful()) {
        if (json == null || !json.hasNonNull("access_token")) {
          throw TokenEndpointException.transport("the token endpoint answered without a readable token");
        }
        return new TokenResponse(
            json.get("access_token").asText(),
            textOrNull(json, "refresh_token"),
            textOrNull(json, "id_token"),
            json.path("expires_in").asLong(0),
            textOrNull(json, "scope"));
      }
      String error = json == null ? null : textOrNull(json, "error");
      List<Integer> codes = new ArrayList<>();
      if (json != null && json.path("error_codes").isArray()) {
        json.path("error_codes").forEach(n -> {
          if (n.canConvertToInt()) {
            codes.add(n.asInt());
          }
        });
      }
      String description = json == null ? null : Redaction.scrub(textOrNull(json, "error_description"));
      return failWith(new TokenEndpointException(response.code(), error, codes, description,
          RetryAfter.parse(response.header("Retry-After"), clock), false));
    } catch (IOException e) {
      throw TokenEndpointException.transport(e.getClass().getSimpleName());
    }
  }

  private static TokenResponse failWith(TokenEndpointException e) {
    throw e;
  }

  private static JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String textOrNull(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
