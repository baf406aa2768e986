package org.entrasync.core.model;

/** Which path started a sync run. */
public enum SyncKind implements WireNamed {
  INITIAL,
  /** All tenants, started by an operator. */
  ALL,
  /** All tenants, started by the recurring schedule. */
  SCHEDULED,
  /** One client's tenant(s). */
  CLIENT;

  /** Whether this path may provision clients for {@code create_new} decisions. */
  public boolean mayProvisionClients() {
    return this != SCHEDULED;
  }
}
