package org.entrasync.spi;

/** The host's access control (RBAC). */
public interface AccessPolicy {

  /** Whether the actor is an internal MSP user (client-portal users are denied everything). */
  boolean isInternal(Actor actor);

  /** Whether the actor holds a permission, for example {@link Permissions#SYSTEM_SETTINGS_READ}. */
  boolean hasPermission(Actor actor, String permission);
}
