package org.entrasync.spi;

import java.util.List;

/**
 * The names of the Phase 1 feature flags in the host's flag system (the strings are written here
 * once; {@link FeatureFlag} is the type the library uses), and the definitions to create.
 */
public final class FeatureFlags {
  private FeatureFlags() {}

  /** Gates every Entra surface. */
  public static final String UI = "entra-integration-ui";
  /** Gates the single-client "Sync Entra Now" action. */
  public static final String CLIENT_SYNC_ACTION = "entra-integration-client-sync-action";
  /** Gates connecting through CIPP. */
  public static final String CIPP = "entra-integration-cipp";
  /** Gates reading and changing the field overwrite toggles. */
  public static final String FIELD_SYNC = "entra-integration-field-sync";
  /** Gates the reconciliation (ambiguous match) queue. */
  public static final String AMBIGUOUS_QUEUE = "entra-integration-ambiguous-queue";

  /** The five Phase 1 definitions, all created default-off, in {@link FeatureFlag}'s order. */
  public static final List<FlagDefinition> PHASE_1 =
      java.util.Arrays.stream(FeatureFlag.values()).map(FeatureFlag::definition).toList();

  /** A flag definition; new definitions are always created disabled. */
  public record FlagDefinition(String name, String description) {
    public FlagDefinition {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A feature flag needs a name");
      }
      description = description == null ? "" : description;
    }
  }
}
