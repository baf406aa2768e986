package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Turns an error body into one short line an operator can read. CIPP's error bodies are not a
 * consistent envelope: a plain string, a JSON string, {@code {"Results": ...}}, or an HTML page from
 * App Service. Secrets are removed; the text is capped.
 */
public final class ErrorText {
  static final int MAX_BYTES = 8 * 1024;
  static final int MAX_CHARS = 400;

  private ErrorText() {}

  /** The start of an error body as it arrived, with its content type (null when none was given). */
  public record Raw(String text, String contentType) {
    static final Raw EMPTY = new Raw("", null);
  }

  /** Reads at most {@link #MAX_BYTES} of the body (never the whole of a large one) and closes it. */
  public static Raw readRaw(ResponseBody body) {
    if (body == null) {
      return Raw.EMPTY;
    }
    try (body) {
      BufferedSource source = body.source();
      source.request(MAX_BYTES);
      long available = Math.min(source.getBuffer().size(), MAX_BYTES);
      String raw = source.getBuffer().readString(available, StandardCharsets.UTF_8);
      return new Raw(raw, body.contentType() == null ? null : body.contentType().toString());
    } catch (IOException | RuntimeException e) {
      return Raw.EMPTY;
    }
  }

  /** What a message says instead of a body that does not look like CIPP-API's. */
  public static final String NOT_QUOTED = "(an answer that does not look like CIPP-API's; not quoted)";

  /** Phrases of CIPP-API's own error texts (its handlers', EasyAuth's and the Functions host's). */
  private static final List<String> CIPP_PHRASES = List.of("graph error", "could not get token", "access to this",
      "is not allowed", "endpoint not found", "feature has been disabled", "failed to retrieve",
      "subscription has ended", "request not processed", "function host is not running", "aadsts", "exception at ",
      "too many requests");

  /**
   * Whether an error body may be quoted to an operator: it has CIPP's content type (plain text or
   * JSON) and says something CIPP says (a recognised failure, one of CIPP's phrases, or CIPP's JSON
   * shapes). Anything else might be some other service's answer (the base URL is an operator's input)
   * and is never quoted: a probe of an internal service once reflected its configuration.
   */
  public static boolean looksLikeCipp(Raw raw, ObjectMapper mapper) {
    String type = raw.contentType() == null ? "" : raw.contentType().toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.startsWith("text/plain") && !type.startsWith("application/json")) {
      return false;
    }
    String text = raw.text().strip();
    if (text.isEmpty()) {
      return true;
    }
    if (text.startsWith("{") || text.startsWith("[") || text.startsWith("\"")) {
      try {
        JsonNode node = mapper.readTree(text);
        if (node.isTextual()) {
          text = node.asText();
        } else {
          return messageOf(node) != null;
        }
      } catch (IOException | RuntimeException notJson) {
        return false;
      }
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return CippFailureText.classify(text) != CippFailureText.Cause.OTHER || CIPP_PHRASES.stream().anyMatch(lower::contains);
  }

  /** {@link #clean} of a body that {@link #looksLikeCipp}; {@link #NOT_QUOTED} for any other. */
  public static String quotable(Raw raw, ObjectMapper mapper, String... secrets) {
    return looksLikeCipp(raw, mapper) ? clean(raw.text(), mapper, secrets) : NOT_QUOTED;
  }

  /** {@link #readRaw} then {@link #clean}. */
  public static String read(ResponseBody body, ObjectMapper mapper, String... secrets) {
    return clean(readRaw(body).text(), mapper, secrets);
  }

  /** The readable message within {@code raw}. */
  public static String clean(String raw, ObjectMapper mapper, String... secrets) {
    if (raw == null) {
      return "";
    }
    String text = raw.strip();
    if (text.startsWith("<")) {
      return "(an HTML page, not an answer from CIPP-API)";
    }
    if (text.startsWith("\"") || text.startsWith("{") || text.startsWith("[")) {
      try {
        JsonNode node = mapper.readTree(text);
        String found = messageOf(node);
        if (found != null) {
          text = found;
        }
      } catch (IOException | RuntimeException notJson) {
        // keep the raw text
      }
    }
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        text = text.replace(secret, "<redacted>");
      }
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 3) + "...";
  }

  private static String messageOf(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      return node.size() > 0 ? messageOf(node.get(0)) : null;
    }
    if (node.isObject()) {
      for (String field : new String[] {"Results", "results", "Message", "message", "error_description"}) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull()) {
          String s = v.isTextual() ? v.asText() : messageOf(v);
          if (s != null && !s.isBlank()) {
            return s;
          }
        }
      }
      JsonNode error = node.get("error");
      if (error != null) {
        if (error.isTextual()) {
          return error.asText();
        }
        JsonNode message = error.get("message");
        if (message != null && message.isTextual()) {
          return message.asText();
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code raw} is the App Service front end's page for a request it ended ("500 - The
   * request timed out."), which is what a client gets when an HTTP-triggered function is cut at 230 s.
   */
  public static boolean isFrontEndTimeout(String raw) {
    return raw != null && raw.toLowerCase(java.util.Locale.ROOT).contains("the request timed out");
  }

  /** Whether the text reports throttling (Graph 429s that CIPP turned into a 500). */
  public static boolean mentionsThrottling(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("throttl") || lower.contains("too many requests") || lower.contains("toomanyrequests");
  }
}
