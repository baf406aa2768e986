package org.entrasync.core.model;

/**
 * The five overwrite toggles ({@code entra_sync_settings.field_sync_config}). Off: the local value
 * is authoritative. On: the upstream value overwrites, except that a blank upstream value never
 * erases a local one.
 *
 * @param displayName Entra displayName to the contact's full name
 * @param email Entra mail (else UPN) to the contact's email
 * @param phone Entra business/mobile phones to the contact's phones
 * @param jobTitle Entra jobTitle to the contact's role
 * @param upn Entra userPrincipalName to the contact's UPN field
 */
public record FieldSyncConfig(boolean displayName, boolean email, boolean phone, boolean jobTitle, boolean upn) {
  /** Everything off: the local contact stays authoritative for every field. */
  public static final FieldSyncConfig NONE = new FieldSyncConfig(false, false, false, false, false);

  public boolean anyEnabled() {
    return displayName || email || phone || jobTitle || upn;
  }
}
