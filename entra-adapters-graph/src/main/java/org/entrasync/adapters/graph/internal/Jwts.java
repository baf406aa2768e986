package org.entrasync.adapters.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads claims of a JWT without verifying it. Only used on tokens this process just received over
 * TLS from the identity platform, to learn the tenant ({@code tid}); never for authorization.
 */
public final class Jwts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Jwts() {}

  public static Optional<String> stringClaim(String jwt, String claim) {
    return payload(jwt).map(p -> p.get(claim)).filter(JsonNode::isTextual).map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  private static Optional<JsonNode> payload(String jwt) {
    if (jwt == null) {
      return Optional.empty();
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length < 2) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
      JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }
}
