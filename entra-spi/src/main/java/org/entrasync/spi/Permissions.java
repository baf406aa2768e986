package org.entrasync.spi;

/** The host permissions the library checks. */
public final class Permissions {
  private Permissions() {}

  /** View Entra settings, tenants, mappings, runs and the queue. */
  public static final String SYSTEM_SETTINGS_READ = "system_settings.read";
  /** Connect, discover, map, sync, resolve and change settings. */
  public static final String SYSTEM_SETTINGS_UPDATE = "system_settings.update";
  /**
   * A platform operator's permission, not an MSP admin's: switch an Entra feature flag on for the
   * actor's own MSP tenant ({@code EntraIntegration.addFlagTarget}). Grant it only to the people who
   * roll the integration out; an MSP admin holding {@link #SYSTEM_SETTINGS_UPDATE} alone cannot
   * enable a surface the platform has not released to it, and nobody can target another tenant
   * through the MSP-scoped facade.
   */
  public static final String ENTRA_FLAGS_MANAGE = "entra_flags.manage";
}
