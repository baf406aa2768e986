package org.entrasync.spi;

import java.util.Optional;

/**
 * The Phase 1 feature flags as a type: every user-visible Entra surface is gated by one of them. The
 * host's flag system knows each by its {@link #flagName()}; the library asks for them by constant.
 */
public enum FeatureFlag {
  /** Gates every Entra surface. */
  UI(FeatureFlags.UI, "Show Microsoft Entra integration surfaces"),
  /** Gates the single-client "Sync Entra Now" action. */
  CLIENT_SYNC_ACTION(FeatureFlags.CLIENT_SYNC_ACTION, "Allow 'Sync Entra Now' on a mapped client"),
  /** Gates connecting through CIPP. */
  CIPP(FeatureFlags.CIPP, "Allow connecting to Entra through CIPP"),
  /** Gates reading and changing the field overwrite toggles. */
  FIELD_SYNC(FeatureFlags.FIELD_SYNC, "Allow Entra values to overwrite selected contact fields"),
  /** Gates the reconciliation (ambiguous match) queue. */
  AMBIGUOUS_QUEUE(FeatureFlags.AMBIGUOUS_QUEUE, "Show the Entra reconciliation queue");

  private final String flagName;
  private final String description;

  FeatureFlag(String flagName, String description) {
    this.flagName = flagName;
    this.description = description;
  }

  /** The name the host's flag system stores the flag under, e.g. {@code entra-integration-ui}. */
  public String flagName() {
    return flagName;
  }

  /** What the flag gates, for the host's flag administration. */
  public String description() {
    return description;
  }

  /** The definition to create (disabled) in the host's flag system. */
  public FeatureFlags.FlagDefinition definition() {
    return new FeatureFlags.FlagDefinition(flagName, description);
  }

  /** The flag the host's system names {@code flagName}, if it is one of these. */
  public static Optional<FeatureFlag> byName(String flagName) {
    for (FeatureFlag flag : values()) {
      if (flag.flagName.equals(flagName)) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return flagName;
  }
}
