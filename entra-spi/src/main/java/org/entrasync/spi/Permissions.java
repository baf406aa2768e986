package org.entrasync.spi;

/** The host permissions the library checks. */
public final class Permissions {
  private Permissions() {}

  /** View Entra settings, tenants, mappings, runs and the queue. */
  public static final String SYSTEM_SETTINGS_READ = "system_settings.read";
  /** Connect, discover, map, sync, resolve and change settings. */
  public static final String SYSTEM_SETTINGS_UPDATE = "system_settings.update";
}
