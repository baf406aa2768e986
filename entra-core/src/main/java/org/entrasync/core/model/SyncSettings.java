package org.entrasync.core.model;

import java.util.Objects;

/**
 * Sync settings of one MSP tenant.
 *
 * @param intervalMinutes how often the scheduled all-tenants sync runs (default 1440: daily, which
 *     also keeps Graph delta tokens, valid 7 days, fresh)
 */
public record SyncSettings(
    FieldSyncConfig fieldSync, UserFilterConfig userFilter, boolean markInactiveWhenDisabled, int intervalMinutes) {
  public static final int DEFAULT_INTERVAL_MINUTES = 1440;
  public static final int MIN_INTERVAL_MINUTES = 15;
  public static final int MAX_INTERVAL_MINUTES = 7 * 24 * 60;

  public static final SyncSettings DEFAULT =
      new SyncSettings(FieldSyncConfig.NONE, UserFilterConfig.DEFAULT, true, DEFAULT_INTERVAL_MINUTES);

  public SyncSettings {
    Objects.requireNonNull(fieldSync, "fieldSync");
    Objects.requireNonNull(userFilter, "userFilter");
    intervalProblem(intervalMinutes).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  /** Why {@code intervalMinutes} is not a valid sync interval, or empty when it is. */
  public static java.util.Optional<String> intervalProblem(int intervalMinutes) {
    if (intervalMinutes < MIN_INTERVAL_MINUTES || intervalMinutes > MAX_INTERVAL_MINUTES) {
      return java.util.Optional.of("Sync interval must be between " + MIN_INTERVAL_MINUTES + " minutes and 7 days ("
          + MAX_INTERVAL_MINUTES + " minutes); got " + intervalMinutes);
    }
    return java.util.Optional.empty();
  }
}
