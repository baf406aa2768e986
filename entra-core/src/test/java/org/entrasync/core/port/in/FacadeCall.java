package org.entrasync.core.port.in;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.MspTenantId;

/**
 * One row of the guard table: a facade operation, what it needs (view or write permission, the
 * surface flag), and an invocation with arguments that would change something if the guard let
 * it through (a reconnect, a remap, a resolved queue item, a started workflow ...), so that "a
 * refused call writes nothing" is a real check. Invoked for another MSP tenant than the one the
 * fixture's data belongs to, the same arguments name nothing of that tenant, so the call ends in a
 * later refusal (NOT_CONNECTED, VALIDATION, WIZARD_ORDER) instead. Shared by the fast guard test over
 * core's fakes and the full-stack facade test of the example host.
 */
public record FacadeCall(String name, Need need, String surfaceFlag, boolean flagAdministration, boolean needsConnection,
    Invocation invocation) {

  /** The callback URL the sign-in invocations name (the one the adapters are configured with in tests). */
  public static final URI REDIRECT_URI = URI.create("https://psa.example/entra/callback");

  public enum Need { VIEW, WRITE }

  @FunctionalInterface
  public interface Invocation {
    Object invoke(EntraIntegration facade, Actor actor, Fixture fixture);
  }

  /**
   * The data the invocations name: the MSP tenant that owns it, one mapped tenant and its client,
   * another client, a queued identity with one of its candidate contacts, and a finished run.
   */
  public record Fixture(MspTenantId owner, EntraTenantId tenantId, String clientId, String otherClientId,
      EntraObjectId queuedObjectId, String candidateContactId, LaunchedRun run, CippCredentials goodCipp,
      CippCredentials badCipp, MspTenantId flagTarget) {

    /** The working CIPP credentials for the owner; rejected ones for anyone else (so no probe connects). */
    public CippCredentials cippFor(Actor actor) {
      return actor.tenant().equals(owner) ? goodCipp : badCipp;
    }
  }

  public Object invoke(EntraIntegration facade, Actor actor, Fixture fixture) {
    return invocation.invoke(facade, actor, fixture);
  }

  public boolean isView() {
    return need == Need.VIEW;
  }

  @Override
  public String toString() {
    return name;
  }

  private static FacadeCall view(String name, Invocation invocation) {
    return new FacadeCall(name, Need.VIEW, null, false, false, invocation);
  }

  private static FacadeCall view(String name, String flag, Invocation invocation) {
    return new FacadeCall(name, Need.VIEW, flag, false, false, invocation);
  }

  private static FacadeCall write(String name, Invocation invocation) {
    return new FacadeCall(name, Need.WRITE, null, false, false, invocation);
  }

  private static FacadeCall write(String name, String flag, Invocation invocation) {
    return new FacadeCall(name, Need.WRITE, flag, false, false, invocation);
  }

  private static FacadeCall connected(String name, String flag, Invocation invocation) {
    return new FacadeCall(name, Need.WRITE, flag, false, true, invocation);
  }

  private static FacadeCall flagAdmin(String name, Invocation invocation) {
    return new FacadeCall(name, Need.WRITE, null, true, false, invocation);
  }

  /** Every operation of the facade (all but the wiring accessors {@code installed} and {@code close}). */
  public static List<FacadeCall> all() {
    return List.of(
        // connection
        write("startDirectConnection", (f, a, x) -> f.startDirectConnection(a, REDIRECT_URI)),
        write("completeDirectConnection", (f, a, x) ->
            f.completeDirectConnection(a, Map.of("code", "an-authorization-code", "state", "a-state-never-issued"))),
        write("connectCipp", FeatureFlags.CIPP, (f, a, x) -> f.connectCipp(a, x.cippFor(a))),
        connected("validateConnection", null, (f, a, x) -> f.validateConnection(a)),
        write("disconnect", (f, a, x) -> {
          f.disconnect(a);
          return null;
        }),
        view("connectionStatus", (f, a, x) -> f.connectionStatus(a)),
        view("presentSecretNames", (f, a, x) -> f.presentSecretNames(a)),
        // discovery
        connected("discoverTenants", null, (f, a, x) -> f.discoverTenants(a)),
        view("listTenants", (f, a, x) -> f.listTenants(a)),
        // mapping
        view("previewMappings", (f, a, x) -> f.previewMappings(a)),
        write("confirmMappings", (f, a, x) ->
            f.confirmMappings(a, List.of(MappingDecision.map(x.tenantId(), x.otherClientId())), false, true)),
        write("remap", (f, a, x) -> f.remap(a, x.tenantId(), x.otherClientId())),
        write("unmap", (f, a, x) -> {
          f.unmap(a, x.tenantId());
          return null;
        }),
        view("activeMappings", (f, a, x) -> f.activeMappings(a)),
        view("mappingSummary", (f, a, x) -> f.mappingSummary(a)),
        // sync
        connected("startInitialSync", null, (f, a, x) -> f.startInitialSync(a)),
        connected("syncAllTenants", null, (f, a, x) -> f.syncAllTenants(a)),
        connected("syncClient", FeatureFlags.CLIENT_SYNC_ACTION, (f, a, x) -> f.syncClient(a, x.clientId())),
        connected("startDryRun(client)", FeatureFlags.CLIENT_SYNC_ACTION,
            (f, a, x) -> f.startDryRun(a, SyncKind.CLIENT, x.clientId())),
        connected("startDryRun(all)", null, (f, a, x) -> f.startDryRun(a, SyncKind.ALL, null)),
        connected("previewClientSync", FeatureFlags.CLIENT_SYNC_ACTION, (f, a, x) -> f.previewClientSync(a, x.clientId())),
        view("awaitRun", (f, a, x) -> f.awaitRun(a, x.run(), Duration.ofSeconds(5))),
        view("run", (f, a, x) -> f.run(a, x.run().runId())),
        view("runHistory", (f, a, x) -> f.runHistory(a, 10)),
        view("runTenants", (f, a, x) -> f.runTenants(a, x.run().runId())),
        view("tenantOverview", (f, a, x) -> f.tenantOverview(a)),
        view("runProgress", (f, a, x) -> f.runProgress(a, x.run().runId())),
        view("runsInFlight", (f, a, x) -> f.runsInFlight(a)),
        // held deletions
        view("heldDeletions", (f, a, x) -> f.heldDeletions(a)),
        write("approveHeldDeletions", (f, a, x) -> f.approveHeldDeletions(a, x.tenantId())),
        // reconciliation queue
        view("openQueue", FeatureFlags.AMBIGUOUS_QUEUE, (f, a, x) -> f.openQueue(a)),
        write("resolveToExistingContact", FeatureFlags.AMBIGUOUS_QUEUE, (f, a, x) -> {
          f.resolveToExistingContact(a, x.queuedObjectId(), x.candidateContactId());
          return null;
        }),
        write("resolveByCreatingContact", FeatureFlags.AMBIGUOUS_QUEUE,
            (f, a, x) -> f.resolveByCreatingContact(a, x.queuedObjectId())),
        write("dismissQueueItem", FeatureFlags.AMBIGUOUS_QUEUE, (f, a, x) -> {
          f.dismissQueueItem(a, x.queuedObjectId());
          return null;
        }),
        // settings
        view("syncSettings", (f, a, x) -> f.syncSettings(a)),
        write("updateSyncSettings", (f, a, x) ->
            f.updateSyncSettings(a, new SettingsChange(List.of("^svc-"), true, true, false, 60))),
        view("fieldSync", FeatureFlags.FIELD_SYNC, (f, a, x) -> f.fieldSync(a)),
        write("updateFieldSync", FeatureFlags.FIELD_SYNC,
            (f, a, x) -> f.updateFieldSync(a, new FieldSyncConfig(true, true, true, true, true))),
        // flags
        flagAdmin("ensurePhase1Flags", (f, a, x) -> f.ensurePhase1Flags(a)),
        // The owner's actors name another tenant (never allowed), so a refusal is checked against a
        // real write; any other tenant's actor names its own tenant (allowed with the platform permission).
        flagAdmin("addFlagTarget", (f, a, x) -> {
          f.addFlagTarget(a, FeatureFlags.UI, a.tenant().equals(x.owner()) ? x.flagTarget() : a.tenant());
          return null;
        }));
  }

  public static Stream<FacadeCall> views() {
    return all().stream().filter(FacadeCall::isView);
  }

  public static Stream<FacadeCall> writes() {
    return all().stream().filter(c -> !c.isView());
  }

  public static Stream<FacadeCall> behindTheUiFlag() {
    return all().stream().filter(c -> !c.flagAdministration());
  }

  public static Stream<FacadeCall> needingAConnection() {
    return all().stream().filter(FacadeCall::needsConnection);
  }
}
