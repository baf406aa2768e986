package org.entrasync.core.port.in;

/** The host product's edition. The Entra integration is an enterprise feature. */
public enum Edition {
  COMMUNITY,
  ENTERPRISE
}
