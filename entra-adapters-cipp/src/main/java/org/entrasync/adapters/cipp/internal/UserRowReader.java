package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one user row (of ListGraphRequest, or of ListUsers) from a streaming parser, field by field, without building a tree. Knows
 * the Graph user fields the library maps; skips everything else whatever its shape (CIPP's {@code
 * primDomain} is a string in some versions and an object {@code {value,label}} in others, {@code
 * manager} is an object, CIPP adds {@code Tenant} and {@code CippStatus}, new fields come and go). A
 * field of another JSON type than documented is null, never coerced (a number is not a name, the
 * string {@code "true"} is not an enabled account).
 */
public final class UserRowReader {
  private UserRowReader() {}

  /** One row as read. */
  public record Row(
      String id,
      String userPrincipalName,
      String mail,
      List<String> proxyAddresses,
      String displayName,
      String givenName,
      String surname,
      Boolean accountEnabled,
      String userType,
      String jobTitle,
      String mobilePhone,
      List<String> businessPhones,
      Integer assignedLicenseCount) {}

  /**
   * Reads the object the parser is at ({@link JsonToken#START_OBJECT}) up to and including its
   * {@link JsonToken#END_OBJECT}.
   */
  public static Row read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException("parser is not at the start of an object");
    }
    String id = null;
    String upn = null;
    String mail = null;
    List<String> proxies = null;
    String displayName = null;
    String givenName = null;
    String surname = null;
    Boolean enabled = null;
    String userType = null;
    String jobTitle = null;
    String mobile = null;
    List<String> phones = null;
    Integer licenses = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "id":
          id = string(p);
          break;
        case "userPrincipalName":
          upn = string(p);
          break;
        case "mail":
          mail = string(p);
          break;
        case "proxyAddresses":
          proxies = strings(p);
          break;
        case "displayName":
          displayName = string(p);
          break;
        case "givenName":
          givenName = string(p);
          break;
        case "surname":
          surname = string(p);
          break;
        case "accountEnabled":
          enabled = bool(p);
          break;
        case "userType":
          userType = string(p);
          break;
        case "jobTitle":
          jobTitle = string(p);
          break;
        case "mobilePhone":
          mobile = string(p);
          break;
        case "businessPhones":
          phones = strings(p);
          break;
        case "assignedLicenses":
          licenses = count(p);
          break;
        default:
          p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "unexpected " + (t == null ? "end of input" : "token " + t) + " in a user object");
    }
    return new Row(id, upn, mail, proxies, displayName, givenName, surname, enabled, userType, jobTitle, mobile,
        phones, licenses);
  }

  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new JsonParseException(p, "unexpected end of input in an array");
    }
    return t;
  }

  /** A string value; null for anything else (null, numbers, booleans, objects, arrays). */
  private static String string(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static Boolean bool(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    p.skipChildren();
    return null;
  }

  /** The string items of an array (other items skipped); null when the value is not an array. */
  private static List<String> strings(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<String> out = new ArrayList<>(4);
    JsonToken t;
    while ((t = next(p)) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  /** The number of non-null items of an array; null when the value is not an array. */
  private static Integer count(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    int n = 0;
    JsonToken t;
    while ((t = next(p)) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NULL) {
        n++;
      }
      p.skipChildren();
    }
    return n;
  }
}
