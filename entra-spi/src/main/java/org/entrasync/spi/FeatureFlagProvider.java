package org.entrasync.spi;

/** The host's feature-flag system. */
public interface FeatureFlagProvider {

  boolean isEnabled(MspTenantId tenant, String flag);

  /** Whether {@code flag} is on for the tenant, asked by its {@link FeatureFlag#flagName()}. */
  default boolean isEnabled(MspTenantId tenant, FeatureFlag flag) {
    return isEnabled(tenant, flag.flagName());
  }

  /**
   * Creates the definition, disabled, unless it exists already (idempotent; an existing flag keeps
   * its state and targeting).
   *
   * @return true when the definition was created by this call
   */
  boolean ensureDefined(FeatureFlags.FlagDefinition definition);

  /** Enables the flag for one tenant (tenant targeting). */
  void addTenantTarget(String flag, MspTenantId tenant);

  /** Enables {@code flag} for one tenant, by its {@link FeatureFlag#flagName()}. */
  default void addTenantTarget(FeatureFlag flag, MspTenantId tenant) {
    addTenantTarget(flag.flagName(), tenant);
  }
}
