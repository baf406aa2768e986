package org.entrasync.spi;

import java.util.regex.Pattern;

/**
 * The host's tenant: one MSP. Every secret, row and call is scoped by it.
 *
 * <p>The value is restricted to a filesystem- and URL-safe alphabet because it names directories
 * (filesystem secrets) and Temporal workflow ids.
 */
public record MspTenantId(String value) {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public MspTenantId {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "MSP tenant id must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit; got " + (value == null ? "null" : "'" + value + "'"));
    }
  }

  public static MspTenantId of(String value) {
    return new MspTenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
