package org.entrasync.core.model;

/** The object id of a user in an Entra tenant: a GUID, kept in lower case. Stable across renames. */
public record EntraObjectId(String value) implements Comparable<EntraObjectId> {
  public EntraObjectId {
    value = Guids.require(value, "Entra object id");
  }

  public static EntraObjectId of(String value) {
    return new EntraObjectId(value);
  }

  @Override
  public int compareTo(EntraObjectId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
