package org.entrasync.core.connection;

import java.util.OptionalLong;
import org.entrasync.spi.MspTenantId;

/**
 * Which connection of an MSP tenant is the active one, as a number. Work that outlives a call (a
 * token refresh, a tenant sync) reads it when it starts and again before it writes: a different value
 * (or none) means the connection was disconnected, replaced or switched meanwhile, and the work must
 * not write secrets or record anything against the connection that replaced it.
 */
@FunctionalInterface
public interface ConnectionGenerations {

  /**
   * The generation of the tenant's active connection, or empty when none is active. Every activated
   * connection (connect, reconnect, switch) gets a generation no other connection of the tenant had;
   * a disconnected connection has none.
   */
  OptionalLong activeGeneration(MspTenantId msp);
}
