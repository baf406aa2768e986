package org.entrasync.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The properties of a {@link DirectoryUser} that a directory can report. A full listing reports all
 * of them; a later Graph delta round may report a changed user as its id plus only the properties
 * that changed, and a property it did not report means "not changed", never "unknown".
 */
public enum DirectoryField {
  USER_PRINCIPAL_NAME,
  MAIL,
  PROXY_ADDRESSES,
  DISPLAY_NAME,
  GIVEN_NAME,
  SURNAME,
  ACCOUNT_ENABLED,
  USER_TYPE,
  JOB_TITLE,
  MOBILE_PHONE,
  BUSINESS_PHONES,
  ASSIGNED_LICENSES;

  private static final Set<DirectoryField> ALL = Set.copyOf(EnumSet.allOf(DirectoryField.class));

  /** Every property: what a full record reports. */
  public static Set<DirectoryField> all() {
    return ALL;
  }
}
