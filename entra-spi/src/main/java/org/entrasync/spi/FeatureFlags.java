package org.entrasync.spi;

import java.util.List;

/** The Phase 1 feature flags. Every user-visible Entra surface is gated by one of them. */
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

  /** The five Phase 1 definitions, all created default-off. */
  public static final List<FlagDefinition> PHASE_1 =
      List.of(
          new FlagDefinition(UI, "Show Microsoft Entra integration surfaces"),
          new FlagDefinition(CLIENT_SYNC_ACTION, "Allow 'Sync Entra Now' on a mapped client"),
          new FlagDefinition(CIPP, "Allow connecting to Entra through CIPP"),
          new FlagDefinition(FIELD_SYNC, "Allow Entra values to overwrite selected contact fields"),
          new FlagDefinition(AMBIGUOUS_QUEUE, "Show the Entra reconciliation queue"));

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
