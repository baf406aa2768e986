package org.entrasync.adapters.graph.internal;

/**
 * A successful answer of the token endpoint. {@link #toString()} leaves the tokens out.
 *
 * @param expiresInSeconds {@code expires_in}; 0 when the response did not say
 */
public record TokenResponse(
    String accessToken, String refreshToken, String idToken, long expiresInSeconds, String scope) {

  @Override
  public String toString() {
    return "TokenResponse[expiresIn=" + expiresInSeconds + ", scope=" + scope + ", refreshToken="
        + (refreshToken == null ? "absent" : "present") + ", idToken=" + (idToken == null ? "absent" : "present")
        + ", tokens=<redacted>]";
  }
}
