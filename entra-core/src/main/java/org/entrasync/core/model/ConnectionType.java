package org.entrasync.core.model;

/** How the MSP reaches Entra: one per MSP tenant. */
public enum ConnectionType implements WireNamed {
  /** Partner OAuth straight to Microsoft Graph. */
  DIRECT,
  /** Through the MSP's CIPP-API. */
  CIPP
}
