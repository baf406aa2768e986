package org.entrasync.core.port.in;

import java.util.List;

/**
 * A change of the sync settings as an operator typed it. Every field is optional (null keeps the
 * stored value) and nothing is validated here: the facade validates the result (patterns compile,
 * the interval is in range) and refuses with {@code VALIDATION}, saving nothing.
 *
 * @param excludePatterns the tenant's custom exclude patterns (regular expressions), replacing the
 *     stored ones
 */
public record SettingsChange(
    List<String> excludePatterns,
    Boolean includeGuests,
    Boolean licensedOnly,
    Boolean markInactiveWhenDisabled,
    Integer intervalMinutes) {

  public static SettingsChange none() {
    return new SettingsChange(null, null, null, null, null);
  }

  public SettingsChange withExcludePatterns(List<String> v) {
    return new SettingsChange(v, includeGuests, licensedOnly, markInactiveWhenDisabled, intervalMinutes);
  }

  public SettingsChange withIncludeGuests(Boolean v) {
    return new SettingsChange(excludePatterns, v, licensedOnly, markInactiveWhenDisabled, intervalMinutes);
  }

  public SettingsChange withLicensedOnly(Boolean v) {
    return new SettingsChange(excludePatterns, includeGuests, v, markInactiveWhenDisabled, intervalMinutes);
  }

  public SettingsChange withMarkInactiveWhenDisabled(Boolean v) {
    return new SettingsChange(excludePatterns, includeGuests, licensedOnly, v, intervalMinutes);
  }

  public SettingsChange withIntervalMinutes(Integer v) {
    return new SettingsChange(excludePatterns, includeGuests, licensedOnly, markInactiveWhenDisabled, v);
  }

  /** Whether the change touches what a sync does with users that did not change upstream. */
  public boolean changesSyncBehaviour() {
    return excludePatterns != null || includeGuests != null || licensedOnly != null || markInactiveWhenDisabled != null;
  }
}
