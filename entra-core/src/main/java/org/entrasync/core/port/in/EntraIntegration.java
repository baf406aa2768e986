package org.entrasync.core.port.in;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.internal.Inputs;
import org.entrasync.core.internal.wiring.Resources;
import org.entrasync.core.internal.wiring.UseCases;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.port.in.Guard.Need;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.queue.QueueEntry;
import org.entrasync.core.sync.HeldDeletionsView;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlag;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;

/**
 * The one entry point a host calls. Every method takes the calling {@link Actor}, works on the actor's
 * MSP tenant, and passes the guard before anything else: the host's edition is enterprise; the actor
 * is internal staff (client-portal users are refused everything); it holds {@code system_settings.read}
 * to view or {@code system_settings.update} to connect, discover, map, sync, resolve, approve held
 * deletions or change settings; {@code entra-integration-ui} is on, plus the flag of the surface. Then
 * what the operator typed is validated ({@code VALIDATION}) before any work. Every error is an {@code
 * EntraException} with a {@code code()}; a refusal ({@link RefusedException}) writes nothing. Flag
 * administration works with every flag off ({@link #ensurePhase1Flags}; {@link #addFlagTarget} also
 * needs {@link Permissions#ENTRA_FLAGS_MANAGE} and the actor's own tenant).
 */
public final class EntraIntegration implements AutoCloseable {
  private final Guard guard;
  private final UseCases does;
  private final List<EntraPlugin> parts;
  private final Resources resources;

  EntraIntegration(Guard guard, UseCases useCases, List<EntraPlugin> parts, Resources resources) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.does = Objects.requireNonNull(useCases, "useCases");
    this.parts = List.copyOf(parts);
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  public static EntraIntegrationBuilder builder() {
    return new EntraIntegrationBuilder();
  }

  // ---- connection ----------------------------------------------------------------------------

  /** Starts the partner sign-in; {@code redirectUri} null for the configured callback, else an absolute http(s) URI. */
  public AuthorizationStart startDirectConnection(Actor actor, URI redirectUri) {
    guard.check(actor, Need.UPDATE);
    return does.connections().startDirect(actor, redirectUri);
  }

  public ConnectionView completeDirectConnection(Actor actor, Map<String, String> callbackParameters) {
    guard.check(actor, Need.UPDATE);
    return does.connections().completeDirect(actor, callbackParameters);
  }

  public ConnectionView connectCipp(Actor actor, CippCredentials credentials) {
    guard.check(actor, Need.UPDATE, FeatureFlag.CIPP);
    return does.connections().connectCipp(actor, credentials);
  }

  /** Checks the stored connection and records the outcome; a failed check is reported, not thrown. */
  public ConnectionView validateConnection(Actor actor) {
    guard.check(actor, Need.UPDATE);
    return does.connections().validate(actor.tenant());
  }

  /** Removes the credentials and the schedule and stops running work; discovery, mappings, runs and links stay. */
  public void disconnect(Actor actor) {
    guard.check(actor, Need.UPDATE);
    does.connections().disconnect(actor.tenant());
  }

  public ConnectionView connectionStatus(Actor actor) {
    guard.check(actor, Need.READ);
    return does.connections().view(actor.tenant());
  }

  /** Names (never values) of the connection secrets the SecretProvider holds now. */
  public List<String> presentSecretNames(Actor actor) {
    guard.check(actor, Need.READ);
    return does.connections().presentSecretNames(actor.tenant());
  }

  // ---- discovery and mapping -------------------------------------------------------------------

  /** Starts the discovery workflow (or joins the one in flight). */
  public LaunchedRun discoverTenants(Actor actor) {
    guard.check(actor, Need.UPDATE);
    return does.launching().discover(actor);
  }

  public List<ManagedTenant> listTenants(Actor actor) {
    guard.check(actor, Need.READ);
    return does.mapping().tenants(actor.tenant());
  }

  /** Auto-matched / needs review / unmatched tenants with candidates and scores. Writes nothing. */
  public MappingPreview previewMappings(Actor actor) {
    guard.check(actor, Need.READ);
    return does.mapping().preview(actor.tenant());
  }

  /**
   * Saves one decision set atomically; optionally starts the initial sync and the recurring one (the
   * result says what became of the schedule).
   *
   * @throws RefusedException WIZARD_ORDER before discovery; VALIDATION / CONFLICT for a bad set
   */
  public ConfirmResult confirmMappings(Actor actor, List<MappingDecision> decisions, boolean acceptAutoMatches,
      boolean startInitialSync) {
    guard.check(actor, Need.UPDATE);
    return does.mapping().confirm(actor, decisions, acceptAutoMatches, startInitialSync);
  }

  /** Maps a tenant to another client (the earlier decision stays as history). */
  public TenantMapping remap(Actor actor, EntraTenantId tenantId, String clientId) {
    guard.check(actor, Need.UPDATE);
    return does.mapping().remap(actor, tenantId, clientId);
  }

  /** Ends a tenant's mapping (history kept; contacts and links untouched). */
  public void unmap(Actor actor, EntraTenantId tenantId) {
    guard.check(actor, Need.UPDATE);
    does.mapping().unmap(actor, tenantId);
  }

  public List<TenantMapping> activeMappings(Actor actor) {
    guard.check(actor, Need.READ);
    return does.mapping().active(actor.tenant());
  }

  /** Active decisions per state, plus {@code undecided} present tenants. */
  public Map<String, Integer> mappingSummary(Actor actor) {
    guard.check(actor, Need.READ);
    return does.mapping().summary(actor.tenant());
  }

  // ---- sync ----------------------------------------------------------------------------------

  /** The wizard's initial sync; refused until at least one mapping is confirmed. */
  public LaunchedRun startInitialSync(Actor actor) {
    guard.check(actor, Need.UPDATE);
    return does.launching().startInitial(actor);
  }

  /** "Sync All Tenants Now". */
  public LaunchedRun syncAllTenants(Actor actor) {
    guard.check(actor, Need.UPDATE);
    return does.launching().syncAll(actor);
  }

  /** "Sync Entra Now" on a client; refused for a client without a mapped tenant. */
  public LaunchedRun syncClient(Actor actor, String clientId) {
    guard.check(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
    return does.launching().syncClient(actor, clientId);
  }

  /** A recorded dry run of a path: counters kept in history; no contact, link, queue item or cursor written. */
  public LaunchedRun startDryRun(Actor actor, SyncKind kind, String clientId) {
    if (kind == SyncKind.CLIENT) {
      guard.check(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
    } else {
      guard.check(actor, Need.UPDATE);
    }
    return does.launching().startDryRun(actor, kind, clientId);
  }

  /** What a sync of one client would do, identity by identity, computed now and written nowhere. */
  public List<TenantSyncOutcome> previewClientSync(Actor actor, String clientId) {
    guard.check(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
    return does.launching().previewClient(actor, clientId);
  }

  /** Waits for a started run (sync or discovery) to finish, at most {@code timeout}; empty while it runs. */
  public Optional<RunStatus> awaitRun(Actor actor, LaunchedRun run, Duration timeout) {
    guard.check(actor, Need.READ);
    return does.launching().await(actor, run, timeout);
  }

  /** A run with its progress (processed / total tenants, counters so far). */
  public Optional<SyncRun> run(Actor actor, String runId) {
    guard.check(actor, Need.READ);
    return does.launching().run(actor.tenant(), runId);
  }

  /** Runs, most recent first. */
  public List<SyncRun> runHistory(Actor actor, int limit) {
    guard.check(actor, Need.READ);
    return does.launching().history(actor.tenant(), limit);
  }

  /** The per-tenant drill-down of a run. */
  public List<TenantSyncResult> runTenants(Actor actor, String runId) {
    guard.check(actor, Need.READ);
    return does.launching().tenants(actor.tenant(), runId);
  }

  /**
   * The tenant list in one call: each managed tenant with its mapping, its last sync (status, time,
   * counters) and its user count.
   */
  public List<TenantOverview> tenantOverview(Actor actor) {
    guard.check(actor, Need.READ);
    return does.operatorViews().tenantOverview(actor.tenant());
  }

  /** A run's progress read from the database (no Temporal access needed), in flight or finished. */
  public Optional<RunProgressView> runProgress(Actor actor, String runId) {
    guard.check(actor, Need.READ);
    return does.operatorViews().runProgress(actor.tenant(), runId);
  }

  /** The runs in flight now, oldest first, with their progress. */
  public List<RunProgressView> runsInFlight(Actor actor) {
    guard.check(actor, Need.READ);
    return does.operatorViews().runsInFlight(actor.tenant());
  }

  // ---- held deletions and the reconciliation queue ---------------------------------------------

  /** The inactivations the deletion-safety valve holds, per tenant: how many, why, since when, a few names. */
  public List<HeldDeletionsView> heldDeletions(Actor actor) {
    guard.check(actor, Need.READ);
    return does.heldDeletions().list(actor.tenant());
  }

  /**
   * Approves a tenant's held inactivations as they are now: the next sync applies exactly that set
   * without the threshold, still checking each identity, and does not hold it again.
   *
   * @throws RefusedException VALIDATION when the tenant holds nothing
   */
  public HeldDeletionsView approveHeldDeletions(Actor actor, EntraTenantId tenantId) {
    guard.check(actor, Need.UPDATE);
    return does.heldDeletions().approve(actor.tenant(), actor.userId(), tenantId);
  }

  public List<QueueEntry> openQueue(Actor actor) {
    guard.check(actor, Need.READ, FeatureFlag.AMBIGUOUS_QUEUE);
    return does.queue().listOpen(actor.tenant());
  }

  public void resolveToExistingContact(Actor actor, EntraObjectId objectId, String contactId) {
    guard.check(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    Inputs.requireObjectId(objectId);
    Inputs.requireText(contactId, "The contact to link is required.");
    does.queue().resolveToExisting(actor.tenant(), actor.userId(), objectId, contactId);
  }

  /** @return the new contact's id */
  public String resolveByCreatingContact(Actor actor, EntraObjectId objectId) {
    guard.check(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    return does.queue().resolveToNew(actor.tenant(), actor.userId(), Inputs.requireObjectId(objectId));
  }

  public void dismissQueueItem(Actor actor, EntraObjectId objectId) {
    guard.check(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    does.queue().dismiss(actor.tenant(), actor.userId(), Inputs.requireObjectId(objectId));
  }

  // ---- settings and flags ----------------------------------------------------------------------

  public SettingsView syncSettings(Actor actor) {
    guard.check(actor, Need.READ);
    return does.settings().view(actor.tenant());
  }

  /**
   * Changes filters, mark-inactive-when-disabled and the interval (a null field keeps its value);
   * invalid patterns or interval are refused {@code VALIDATION} saving nothing.
   */
  public SettingsView updateSyncSettings(Actor actor, SettingsChange change) {
    guard.check(actor, Need.UPDATE);
    return does.settings().update(actor.tenant(), change);
  }

  public FieldSyncConfig fieldSync(Actor actor) {
    guard.check(actor, Need.READ, FeatureFlag.FIELD_SYNC);
    return does.settings().fieldSync(actor.tenant());
  }

  public FieldSyncConfig updateFieldSync(Actor actor, FieldSyncConfig config) {
    guard.check(actor, Need.UPDATE, FeatureFlag.FIELD_SYNC);
    return does.settings().updateFieldSync(actor.tenant(), config);
  }

  /** Creates the missing Phase 1 flag definitions (off): the rollout's bootstrap, allowed with every flag off. */
  public List<String> ensurePhase1Flags(Actor actor) {
    guard.checkWithoutFlags(actor, Need.UPDATE);
    return does.flags().ensurePhase1();
  }

  /** Enables a Phase 1 flag for the actor's own tenant: a platform operator's act ({@code entra_flags.manage}). */
  public void addFlagTarget(Actor actor, String flag, MspTenantId target) {
    guard.checkWithoutFlags(actor, Need.UPDATE);
    does.flags().addTarget(actor, flag, target);
  }

  // ---- wiring --------------------------------------------------------------------------------

  /** The installed part of this type, as the host installed it (parts hand out no use case). */
  public <P extends EntraPlugin> Optional<P> installed(Class<P> type) {
    return parts.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Closes what the installed parts opened (HTTP clients, thread pools), last installed first. */
  @Override
  public void close() {
    resources.close();
  }
}
