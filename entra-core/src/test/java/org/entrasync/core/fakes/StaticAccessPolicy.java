package org.entrasync.core.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;

/**
 * Access control from a table. Every actor gets the default permissions and is internal when its
 * {@link Actor#userType()} says so, unless configured one by one ({@link #grant}, keyed by MSP
 * tenant and user id, so the same user id in another MSP is a different actor). Thread-safe.
 */
public final class StaticAccessPolicy implements AccessPolicy {
  private final Set<String> defaultPermissions;
  private final Map<Key, Grant> grants = new HashMap<>();

  private StaticAccessPolicy(Set<String> defaultPermissions) {
    this.defaultPermissions = Set.copyOf(defaultPermissions);
  }

  /** Every actor holds read and update (an MSP admin). */
  public static StaticAccessPolicy allowAll() {
    return new StaticAccessPolicy(Set.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
  }

  /** Every actor holds exactly these permissions unless configured otherwise. */
  public static StaticAccessPolicy withPermissions(Set<String> permissions) {
    return new StaticAccessPolicy(permissions);
  }

  public static StaticAccessPolicy withPermissions(String... permissions) {
    return new StaticAccessPolicy(Set.of(permissions));
  }

  /** No actor holds any permission unless configured otherwise. */
  public static StaticAccessPolicy denyAll() {
    return new StaticAccessPolicy(Set.of());
  }

  /** Configures one actor: whether it is internal, and exactly which permissions it holds. */
  public synchronized StaticAccessPolicy grant(MspTenantId tenant, String userId, boolean internal, Set<String> permissions) {
    grants.put(new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(userId, "userId")),
        new Grant(internal, Set.copyOf(permissions)));
    return this;
  }

  public StaticAccessPolicy grant(Actor actor, Set<String> permissions) {
    return grant(actor.tenant(), actor.userId(), actor.userType() == Actor.UserType.INTERNAL, permissions);
  }

  @Override
  public synchronized boolean isInternal(Actor actor) {
    Grant grant = grants.get(new Key(actor.tenant(), actor.userId()));
    return grant != null ? grant.internal : actor.userType() == Actor.UserType.INTERNAL;
  }

  @Override
  public synchronized boolean hasPermission(Actor actor, String permission) {
    Grant grant = grants.get(new Key(actor.tenant(), actor.userId()));
    return (grant != null ? grant.permissions : defaultPermissions).contains(permission);
  }

  private record Key(MspTenantId tenant, String userId) {}

  private record Grant(boolean internal, Set<String> permissions) {}
}
