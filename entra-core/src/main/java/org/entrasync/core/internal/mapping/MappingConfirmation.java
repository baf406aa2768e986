package org.entrasync.core.internal.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.internal.Inputs;
import org.entrasync.core.internal.Preconditions;
import org.entrasync.core.internal.sync.SyncLaunching;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.in.ConfirmResult;
import org.entrasync.core.port.in.ScheduleOutcome;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.rules.WizardState;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;

/**
 * The wizard's mapping step: the preview, one decision set confirmed atomically (optionally starting
 * the initial sync and the recurring one), remapping and unmapping, and what is mapped.
 */
public final class MappingConfirmation {
  private final MappingService mapping;
  private final Preconditions preconditions;
  private final SyncLaunching launching;
  private final ManagedTenantRepository tenants;

  public MappingConfirmation(MappingService mapping, Preconditions preconditions, SyncLaunching launching,
      ManagedTenantRepository tenants) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.preconditions = Objects.requireNonNull(preconditions, "preconditions");
    this.launching = Objects.requireNonNull(launching, "launching");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
  }

  public List<ManagedTenant> tenants(MspTenantId msp) {
    return tenants.list(msp);
  }

  public MappingPreview preview(MspTenantId msp) {
    return mapping.preview(msp);
  }

  /**
   * Saves one decision set atomically; with {@code startInitialSync}, then starts the initial sync and
   * keeps the recurring one. Refused (nothing saved) before discovery, for a bad set, or when the
   * initial sync is asked for without a connection or without a confirmed tenant.
   */
  public ConfirmResult confirm(Actor actor, List<MappingDecision> decisions, boolean acceptAutoMatches,
      boolean startInitialSync) {
    if (decisions == null || decisions.stream().anyMatch(Objects::isNull)) {
      throw Inputs.invalid("The decision set is required and cannot contain an empty decision.");
    }
    MspTenantId msp = actor.tenant();
    preconditions.wizardAllows(msp, WizardState.Step.MAP);
    if (startInitialSync) {
      preconditions.requireConnected(msp);
    }
    List<TenantMapping> decided = mapping.decide(msp, actor.userId(), decisions, acceptAutoMatches);
    if (startInitialSync && mapping.confirmedAfter(msp, decided) == 0) {
      throw new RefusedException(Refusal.WIZARD_ORDER, "The initial sync needs at least one tenant mapped to a client"
          + " or approved for a new client; this decision set confirms none, so nothing was saved.");
    }
    mapping.save(msp, decided);
    if (!startInitialSync) {
      return new ConfirmResult(decided, null, ScheduleOutcome.unchanged());
    }
    SyncLaunching.Initial initial = launching.launchInitial(actor);
    return new ConfirmResult(decided, initial.run(), initial.schedule());
  }

  /** Maps a tenant to another client (the earlier decision stays as history). */
  public TenantMapping remap(Actor actor, EntraTenantId tenantId, String clientId) {
    Inputs.requireTenantId(tenantId);
    Inputs.requireText(clientId, "A client id is required.");
    return mapping.confirm(actor.tenant(), actor.userId(), List.of(MappingDecision.map(tenantId, clientId)), false).get(0);
  }

  /** Ends a tenant's mapping (history kept; contacts and links untouched). */
  public void unmap(Actor actor, EntraTenantId tenantId) {
    Inputs.requireTenantId(tenantId);
    mapping.unmap(actor.tenant(), tenantId, actor.userId());
  }

  public List<TenantMapping> active(MspTenantId msp) {
    return mapping.active(msp);
  }

  public Map<String, Integer> summary(MspTenantId msp) {
    return mapping.summary(msp);
  }
}
