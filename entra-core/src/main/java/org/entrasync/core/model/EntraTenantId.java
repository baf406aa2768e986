package org.entrasync.core.model;

/** A Microsoft Entra (customer) tenant id: a GUID, kept in lower case. */
public record EntraTenantId(String value) {
  public EntraTenantId {
    value = Guids.require(value, "Entra tenant id");
  }

  public static EntraTenantId of(String value) {
    return new EntraTenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
