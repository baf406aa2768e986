package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The token endpoint's answer (only the fields used). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") Long expiresIn) {

  @Override
  public String toString() {
    return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", accessToken=<redacted>]";
  }
}
