package org.entrasync.core.rules;

import java.util.Optional;
import org.entrasync.core.model.WireNamed;

/**
 * Where an MSP tenant stands in the setup wizard: Connect, then Discover, then Map, then Initial
 * Sync. Each step is write-gated on the facts the previous steps produce.
 *
 * @param connected whether a usable partner connection exists
 * @param discoveredTenants managed tenants currently discovered
 * @param confirmedMappings confirmed decisions that lead to a sync ({@code mapped} or {@code
 *     create_new})
 * @param initialSyncDone whether an initial sync has completed
 */
public record WizardState(boolean connected, int discoveredTenants, int confirmedMappings, boolean initialSyncDone) {

  /** The wizard's steps, in order. */
  public enum Step implements WireNamed {
    CONNECT,
    DISCOVER,
    MAP,
    INITIAL_SYNC
  }

  public WizardState {
    if (discoveredTenants < 0) {
      throw new IllegalArgumentException("discoveredTenants cannot be negative");
    }
    if (confirmedMappings < 0) {
      throw new IllegalArgumentException("confirmedMappings cannot be negative");
    }
  }

  /** The first step whose outcome is still missing; {@code INITIAL_SYNC} once everything before is done. */
  public Step current() {
    if (!connected) {
      return Step.CONNECT;
    }
    if (discoveredTenants == 0) {
      return Step.DISCOVER;
    }
    if (confirmedMappings == 0) {
      return Step.MAP;
    }
    return Step.INITIAL_SYNC;
  }

  /** Whether every step, the initial sync included, is done. */
  public boolean complete() {
    return current() == Step.INITIAL_SYNC && initialSyncDone;
  }

  /**
   * Why a step cannot run now, as an operator-facing message; empty when it may. Connect is always
   * allowed (to connect, reconnect or switch). Discover needs a connection; Map needs discovered
   * tenants; Initial Sync needs a connection and at least one confirmed mapping.
   */
  public Optional<String> blockerFor(Step step) {
    switch (step) {
      case CONNECT:
        return Optional.empty();
      case DISCOVER:
        return connected
            ? Optional.empty()
            : Optional.of("Connect to Microsoft Entra (direct or CIPP) before discovering tenants.");
      case MAP:
        return discoveredTenants > 0
            ? Optional.empty()
            : Optional.of("No managed tenants are discovered yet: run tenant discovery before mapping tenants to clients.");
      case INITIAL_SYNC:
        if (!connected) {
          return Optional.of("Connect to Microsoft Entra (direct or CIPP) before running the initial sync.");
        }
        return confirmedMappings > 0
            ? Optional.empty()
            : Optional.of("Confirm at least one tenant mapping (mapped to a client, or create a new client)"
                + " before running the initial sync.");
      default:
        throw new IllegalArgumentException("Unknown wizard step " + step);
    }
  }
}
