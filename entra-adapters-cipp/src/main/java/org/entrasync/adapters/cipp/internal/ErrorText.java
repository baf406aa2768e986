package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("throttl") || lower.contains("too many requests") || lower.contains("toomanyrequests");
  }
}
