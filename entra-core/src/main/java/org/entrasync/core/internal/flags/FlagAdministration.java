package org.entrasync.core.internal.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlag;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;

/**
 * The rollout's flag administration: creating the Phase 1 definitions (off), and switching one on
 * for the actor's own tenant, which is a platform operator's act.
 */
public final class FlagAdministration {
  private final FeatureFlagProvider flags;
  private final AccessPolicy access;

  public FlagAdministration(FeatureFlagProvider flags, AccessPolicy access) {
    this.flags = Objects.requireNonNull(flags, "flags");
    this.access = Objects.requireNonNull(access, "access");
  }

  /** Creates the Phase 1 definitions that are missing (default off); returns the names created. */
  public List<String> ensurePhase1() {
    List<String> created = new ArrayList<>();
    for (FeatureFlag flag : FeatureFlag.values()) {
      if (flags.ensureDefined(flag.definition())) {
        created.add(flag.flagName());
      }
    }
    return created;
  }

  /**
   * Enables one Phase 1 flag for the actor's own tenant.
   *
   * @throws RefusedException FORBIDDEN without {@link Permissions#ENTRA_FLAGS_MANAGE} or for another
   *     tenant; VALIDATION for a missing target or a flag that is not a Phase 1 flag
   */
  public void addTarget(Actor actor, String flag, MspTenantId target) {
    if (!access.hasPermission(actor, Permissions.ENTRA_FLAGS_MANAGE)) {
      throw new RefusedException(Refusal.FORBIDDEN, "Switching an Entra feature flag on is a platform operator's act:"
          + " it needs the " + Permissions.ENTRA_FLAGS_MANAGE + " permission, which the host grants to the people who"
          + " roll the integration out.");
    }
    if (target == null) {
      throw new RefusedException(Refusal.VALIDATION, "Name the tenant to enable the flag for (your own tenant).");
    }
    if (!target.equals(actor.tenant())) {
      throw new RefusedException(Refusal.FORBIDDEN, "A flag can be switched on here only for your own tenant ("
          + actor.tenant() + "), not for " + target + "; enable it for other tenants in the platform's own flag"
          + " administration.");
    }
    FeatureFlag known = FeatureFlag.byName(flag).orElseThrow(
        () -> new RefusedException(Refusal.VALIDATION, "'" + flag + "' is not an Entra Phase 1 flag."));
    flags.addTenantTarget(known, target);
  }
}
