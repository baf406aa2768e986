package org.entrasync.adapters.jdbi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.spi.ContactPhone;

/**
 * The JSON columns, written and read field by field so that the stored shape is explicit and
 * stable (camelCase keys, unknown keys ignored, missing keys take their defaults).
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static String fieldSync(FieldSyncConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("displayName", config.displayName());
    node.put("email", config.email());
    node.put("phone", config.phone());
    node.put("jobTitle", config.jobTitle());
    node.put("upn", config.upn());
    return write(node);
  }

  public static FieldSyncConfig fieldSync(String json) {
    JsonNode node = read(json);
    return new FieldSyncConfig(
        node.path("displayName").asBoolean(false),
        node.path("email").asBoolean(false),
        node.path("phone").asBoolean(false),
        node.path("jobTitle").asBoolean(false),
        node.path("upn").asBoolean(false));
  }

  public static String userFilter(UserFilterConfig config) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("includeGuests", config.includeGuests());
    node.put("licensedOnly", config.licensedOnly());
    ArrayNode patterns = node.putArray("customPatterns");
    config.customPatterns().forEach(patterns::add);
    return write(node);
  }

  public static UserFilterConfig userFilter(String json) {
    JsonNode node = read(json);
    return new UserFilterConfig(
        node.path("includeGuests").asBoolean(false),
        node.path("licensedOnly").asBoolean(false),
        strings(node.path("customPatterns")));
  }

  public static String stringArray(List<String> values) {
    ArrayNode node = MAPPER.createArrayNode();
    values.forEach(node::add);
    return write(node);
  }

  public static List<String> stringArray(String json) {
    return json == null ? List.of() : strings(read(json));
  }

  /** Phones as {@code [{"number": ..., "type": "work|mobile|other", "isDefault": ...}]}. */
  public static String phones(List<ContactPhone> phones) {
    ArrayNode node = MAPPER.createArrayNode();
    for (ContactPhone phone : phones) {
      node.addObject().put("number", phone.number()).put("type", phone.type().wireName()).put("isDefault", phone.isDefault());
    }
    return write(node);
  }

  public static List<ContactPhone> phones(String json) {
    List<ContactPhone> out = new ArrayList<>();
    JsonNode node = json == null ? MAPPER.createArrayNode() : read(json);
    for (JsonNode p : node) {
      String number = p.path("number").asText("");
      if (!number.isBlank()) {
        out.add(new ContactPhone(number, ContactPhone.Type.valueOf(p.path("type").asText("work").toUpperCase(java.util.Locale.ROOT)),
            p.path("isDefault").asBoolean(false)));
      }
    }
    return out;
  }

  /** A validation error as {@code {"message": ...}}, or null. */
  public static String errorObject(String message) {
    if (message == null) {
      return null;
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.put("message", message);
    return write(node);
  }

  public static String errorMessage(String json) {
    if (json == null) {
      return null;
    }
    JsonNode message = read(json).path("message");
    return message.isMissingNode() || message.isNull() ? null : message.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(item -> out.add(item.asText()));
    }
    return out;
  }

  private static JsonNode read(String json) {
    try {
      return json == null ? MAPPER.createObjectNode() : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored JSON column is not valid JSON", e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
