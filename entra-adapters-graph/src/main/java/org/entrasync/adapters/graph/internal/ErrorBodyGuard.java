package org.entrasync.adapters.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Makes every Graph error answer readable as an OData error, so that its HTTP status and headers
 * ({@code Retry-After}) survive. The gateway in front of Graph answers 502/504 with an HTML page, and
 * an error body can arrive cut off; the SDK cannot parse either, and what it throws then carries
 * neither status nor headers (an outage became "malformed JSON", a 400 was retried). Such a body is
 * replaced by a small OData error that says the original could not be read; status and headers
 * stay. Readable error bodies and every successful answer pass untouched.
 */
public final class ErrorBodyGuard implements Interceptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
  /** Error bodies are small; a larger one is not read whole to decide. */
  private static final long PEEK_LIMIT = 64 * 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.isSuccessful() || response.code() < 400 || isReadableODataError(response)) {
      return response;
    }
    ResponseBody original = response.body();
    MediaType type = original == null ? null : original.contentType();
    String what = type == null ? "without a content type" : type.type() + "/" + type.subtype();
    ObjectNode error = JSON.createObjectNode();
    error.putObject("error").put("message", "The error answer could not be read (" + what + ").");
    if (original != null) {
      original.close();
    }
    return response.newBuilder()
        .body(ResponseBody.create(JSON.writeValueAsString(error), APPLICATION_JSON))
        .header("Content-Type", APPLICATION_JSON.toString())
        .build();
  }

  private static boolean isReadableODataError(Response response) throws IOException {
    ResponseBody body = response.body();
    MediaType type = body == null ? null : body.contentType();
    if (type == null || !type.subtype().toLowerCase(java.util.Locale.ROOT).contains("json")) {
      return false;
    }
    String text = response.peekBody(PEEK_LIMIT).string();
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.path("error").isObject();
    } catch (IOException unreadable) {
      return false;
    }
  }
}
