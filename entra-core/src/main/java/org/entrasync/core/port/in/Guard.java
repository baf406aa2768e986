package org.entrasync.core.port.in;

import java.util.Objects;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlag;
import org.entrasync.spi.Permissions;

/**
 * The facade's guard, run before anything else, in this order: the host's edition is enterprise; the
 * actor is internal staff; it holds the permission the call needs; {@code entra-integration-ui} is on,
 * plus the flag of the surface. A refusal writes nothing.
 */
final class Guard {
  enum Need {
    READ(Permissions.SYSTEM_SETTINGS_READ),
    UPDATE(Permissions.SYSTEM_SETTINGS_UPDATE);

    final String permission;

    Need(String permission) {
      this.permission = permission;
    }
  }

  private final Edition edition;
  private final FeatureFlagProvider flags;
  private final AccessPolicy access;

  Guard(Edition edition, FeatureFlagProvider flags, AccessPolicy access) {
    this.edition = Objects.requireNonNull(edition, "edition");
    this.flags = Objects.requireNonNull(flags, "flags");
    this.access = Objects.requireNonNull(access, "access");
  }

  /** Edition, actor and permission, then the UI flag and the surface flags. */
  void check(Actor actor, Need need, FeatureFlag... surfaceFlags) {
    checkWithoutFlags(actor, need);
    if (!flags.isEnabled(actor.tenant(), FeatureFlag.UI)) {
      throw new RefusedException(Refusal.FEATURE_DISABLED,
          "The Microsoft Entra integration is not enabled for this tenant (flag " + FeatureFlag.UI.flagName() + ").");
    }
    for (FeatureFlag flag : surfaceFlags) {
      if (!flags.isEnabled(actor.tenant(), flag)) {
        throw new RefusedException(Refusal.FEATURE_DISABLED, "This Entra feature is not enabled for this tenant (flag " + flag + ").");
      }
    }
  }

  /** Edition, actor and permission only: flag administration works with every flag off. */
  void checkWithoutFlags(Actor actor, Need need) {
    Objects.requireNonNull(actor, "actor");
    if (edition != Edition.ENTERPRISE) {
      throw new RefusedException(Refusal.EDITION_REQUIRED, "The Microsoft Entra integration needs the enterprise edition.");
    }
    if (actor.userType() != Actor.UserType.INTERNAL || !access.isInternal(actor)) {
      throw new RefusedException(Refusal.FORBIDDEN, "Only internal MSP users can use the Microsoft Entra integration.");
    }
    if (!access.hasPermission(actor, need.permission)) {
      throw new RefusedException(Refusal.FORBIDDEN, "This needs the " + need.permission + " permission.");
    }
  }
}
