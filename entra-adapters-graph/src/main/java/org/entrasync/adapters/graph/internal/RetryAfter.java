package org.entrasync.adapters.graph.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Parses a {@code Retry-After} header: delay-seconds (whole or fractional) or an HTTP-date. */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait it asks for, or null when absent or unreadable. */
  public static Duration parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      // Graph sends fractional seconds too ("Retry-After: 2.128" in its throttling sample)
      BigDecimal seconds = new BigDecimal(v);
      if (seconds.signum() < 0) {
        return null;
      }
      long millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
      return Duration.ofMillis(millis);
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException notDate) {
        return null;
      }
    }
  }
}
