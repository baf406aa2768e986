package org.entrasync.adapters.graph.internal;

import java.time.Duration;
import java.util.List;

/**
 * A failed call to the token endpoint, before classification into the library's errors. Carries only
 * what the identity platform said in its error body ({@code error}, {@code error_codes}, the first
 * line of {@code error_description}, scrubbed) and the HTTP status; never a token.
 */
public final class TokenEndpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final List<Integer> errorCodes;
  private final String description;
  private final Duration retryAfter;
  private final boolean transport;

  public TokenEndpointException(
      int status, String error, List<Integer> errorCodes, String description, Duration retryAfter, boolean transport) {
    super(summary(status, error, errorCodes, description, transport));
    this.status = status;
    this.error = error;
    this.errorCodes = errorCodes == null ? List.of() : List.copyOf(errorCodes);
    this.description = description;
    this.retryAfter = retryAfter;
    this.transport = transport;
  }

  /** A network failure or an unreadable answer. */
  public static TokenEndpointException transport(String what) {
    return new TokenEndpointException(0, null, List.of(), what, null, true);
  }

  public int status() { return status; }
  public String error() { return error; }
  public List<Integer> errorCodes() { return errorCodes; }
  public String description() { return description; }
  public Duration retryAfter() { return retryAfter; }
  public boolean isTransport() { return transport; }

  public boolean hasCode(int code) {
    return errorCodes.contains(code);
  }

  /** {@code AADSTS70008, AADSTS50173} style, for messages. */
  public String codesText() {
    if (errorCodes.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Integer c : errorCodes) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append("AADSTS").append(c);
    }
    return sb.toString();
  }

  private static String summary(int status, String error, List<Integer> codes, String description, boolean transport) {
    if (transport) {
      return "token endpoint unreachable or unreadable: " + description;
    }
    return "token endpoint answered HTTP " + status + " " + error + (codes == null || codes.isEmpty() ? "" : " " + codes)
        + (description == null ? "" : ": " + description);
  }
}
