package org.entrasync.core.port.in;

import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.queue.QueueEntry;
import org.entrasync.core.rules.WizardState;
import org.entrasync.core.sync.HeldDeletionsView;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.spi.AccessPolicy;
import org.entrasync.spi.Actor;
import org.entrasync.spi.FeatureFlagProvider;
import org.entrasync.spi.FeatureFlag;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;

/**
 * The one entry point a host calls. Every method takes the calling {@link Actor} and works on the
 * actor's MSP tenant; each passes the guard before anything else, in this order: the host's edition
 * is enterprise; the actor is internal staff (client-portal users are refused everything); the actor
 * holds {@code system_settings.read} to view or {@code system_settings.update} to connect, discover,
 * map, sync, resolve, approve held deletions or change settings; {@code entra-integration-ui} is on, plus the flag of the
 * surface. A refused call throws {@link RefusedException} and writes nothing. Turning a flag off hides
 * a surface and deletes nothing. After the guard, what the operator typed is validated here, before
 * any use case runs ({@code VALIDATION}); an {@link IllegalArgumentException} from further in is a
 * bug and is left as it is. Flag administration is the exception to the flag checks: {@link
 * #ensurePhase1Flags} and {@link #addFlagTarget} work with every flag off (the rollout needs it), and
 * {@link #addFlagTarget} also needs {@link Permissions#ENTRA_FLAGS_MANAGE} and the actor's own tenant.
 */
public final class EntraIntegration {
  private static final int DEFAULT_HISTORY = 50;

  private final Edition edition;
  private final FeatureFlagProvider flags;
  private final AccessPolicy access;
  private final EntraServices services;
  private final SyncLauncher launcher;
  private final ScheduleGateway schedules;

  /**
   * @param schedules may be null: then no recurring sync is scheduled (the host runs syncs itself)
   */
  @Inject
  public EntraIntegration(Edition edition, FeatureFlagProvider flags, AccessPolicy access, EntraServices services,
      SyncLauncher launcher, ScheduleGateway schedules) {
    this.edition = Objects.requireNonNull(edition, "edition");
    this.flags = Objects.requireNonNull(flags, "flags");
    this.access = Objects.requireNonNull(access, "access");
    this.services = Objects.requireNonNull(services, "services");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.schedules = schedules;
  }

  public static EntraIntegrationBuilder builder() {
    return new EntraIntegrationBuilder();
  }

  /** The wired use cases (for the Temporal worker registration). */
  public EntraServices services() {
    return services;
  }

  // ---- connection ----------------------------------------------------------------------------

  /**
   * Starts the partner sign-in. {@code redirectUri} may be null (the adapter's configured one is
   * used); otherwise it must be an absolute http(s) URI with a host and without a fragment.
   */
  public AuthorizationStart startDirectConnection(Actor actor, URI redirectUri) {
    guard(actor, Need.UPDATE);
    if (redirectUri != null) {
      requireRedirectUriShape(redirectUri);
    }
    return services.connection().startDirect(actor.tenant(), actor, redirectUri);
  }

  public ConnectionView completeDirectConnection(Actor actor, Map<String, String> callbackParameters) {
    guard(actor, Need.UPDATE);
    if (callbackParameters == null) {
      throw invalid("The sign-in callback parameters are required (code and state, or error).");
    }
    boolean replacing = services.connection().status(actor.tenant()).isPresent();
    services.connection().completeDirect(actor.tenant(), actor, callbackParameters);
    stopWorkOfEndedConnection(actor.tenant(), replacing);
    resumeScheduleIfMapped(actor.tenant());
    return view(actor.tenant());
  }

  public ConnectionView connectCipp(Actor actor, CippCredentials credentials) {
    guard(actor, Need.UPDATE, FeatureFlag.CIPP);
    if (credentials == null) {
      throw invalid("The CIPP-API base URL and credentials are required.");
    }
    boolean replacing = services.connection().status(actor.tenant()).isPresent();
    services.connection().connectCipp(actor.tenant(), credentials);
    stopWorkOfEndedConnection(actor.tenant(), replacing);
    resumeScheduleIfMapped(actor.tenant());
    return view(actor.tenant());
  }

  /**
   * A connection that was replaced (reconnect, switch) or disconnected takes its running workflows
   * with it: they would keep working with credentials that are gone.
   */
  private void stopWorkOfEndedConnection(MspTenantId msp, boolean ended) {
    if (ended) {
      launcher.cancelRunning(msp);
    }
  }

  /** A reconnect (after a disconnect) brings the recurring sync back for tenants already mapped. */
  private void resumeScheduleIfMapped(MspTenantId msp) {
    if (schedules != null && services.mapping().active(msp).stream().anyMatch(TenantMapping::isSyncable)) {
      schedules.upsertSchedule(msp, services.storage().settings().get(msp).intervalMinutes());
    }
  }

  /** Checks the stored connection and records the outcome; a failed check is reported, not thrown. */
  public ConnectionView validateConnection(Actor actor) {
    guard(actor, Need.UPDATE);
    services.connection().validate(actor.tenant());
    return view(actor.tenant());
  }

  /** Removes the credentials and the schedule and stops running work; discovery, mappings, runs and links stay. */
  public void disconnect(Actor actor) {
    guard(actor, Need.UPDATE);
    boolean connected = services.connection().status(actor.tenant()).isPresent();
    services.connection().disconnect(actor.tenant());
    stopWorkOfEndedConnection(actor.tenant(), connected);
    if (schedules != null) {
      schedules.removeSchedule(actor.tenant());
    }
  }

  public ConnectionView connectionStatus(Actor actor) {
    guard(actor, Need.READ);
    return view(actor.tenant());
  }

  /** Names (never values) of the connection secrets the SecretProvider holds now. */
  public List<String> presentSecretNames(Actor actor) {
    guard(actor, Need.READ);
    return services.connection().presentSecretNames(actor.tenant());
  }

  // ---- discovery -----------------------------------------------------------------------------

  /** Starts the discovery workflow (or joins the one in flight). */
  public LaunchedRun discoverTenants(Actor actor) {
    guard(actor, Need.UPDATE);
    requireConnected(actor.tenant());
    return launcher.startDiscovery(actor.tenant(), actor.userId());
  }

  public List<ManagedTenant> listTenants(Actor actor) {
    guard(actor, Need.READ);
    return services.storage().tenants().list(actor.tenant());
  }

  // ---- mapping -------------------------------------------------------------------------------

  /** Auto-matched / needs review / unmatched tenants with candidates and scores. Writes nothing. */
  public MappingPreview previewMappings(Actor actor) {
    guard(actor, Need.READ);
    return services.mapping().preview(actor.tenant());
  }

  /**
   * Saves one decision set atomically; optionally starts the initial sync right after.
   *
   * @throws RefusedException WIZARD_ORDER before discovery; VALIDATION / CONFLICT for a bad set
   */
  public ConfirmResult confirmMappings(Actor actor, List<MappingDecision> decisions, boolean acceptAutoMatches, boolean startInitialSync) {
    guard(actor, Need.UPDATE);
    if (decisions == null || decisions.stream().anyMatch(Objects::isNull)) {
      throw invalid("The decision set is required and cannot contain an empty decision.");
    }
    wizardAllows(actor.tenant(), WizardState.Step.MAP);
    if (startInitialSync) {
      requireConnected(actor.tenant());
    }
    List<TenantMapping> decided = services.mapping().decide(actor.tenant(), actor.userId(), decisions, acceptAutoMatches);
    if (startInitialSync && services.mapping().confirmedAfter(actor.tenant(), decided) == 0) {
      throw new RefusedException(Refusal.WIZARD_ORDER, "The initial sync needs at least one tenant mapped to a client"
          + " or approved for a new client; this decision set confirms none, so nothing was saved.");
    }
    services.mapping().save(actor.tenant(), decided);
    LaunchedRun initial = startInitialSync ? launchInitial(actor) : null;
    return new ConfirmResult(decided, initial);
  }

  /** Maps a tenant to another client (the earlier decision stays as history). */
  public TenantMapping remap(Actor actor, EntraTenantId tenantId, String clientId) {
    guard(actor, Need.UPDATE);
    requireTenantId(tenantId);
    requireText(clientId, "A client id is required.");
    return services.mapping().confirm(actor.tenant(), actor.userId(),
        List.of(MappingDecision.map(tenantId, clientId)), false).get(0);
  }

  /** Ends a tenant's mapping (history kept; contacts and links untouched). */
  public void unmap(Actor actor, EntraTenantId tenantId) {
    guard(actor, Need.UPDATE);
    requireTenantId(tenantId);
    services.mapping().unmap(actor.tenant(), tenantId, actor.userId());
  }

  public List<TenantMapping> activeMappings(Actor actor) {
    guard(actor, Need.READ);
    return services.mapping().active(actor.tenant());
  }

  /** Active decisions per state, plus {@code undecided} present tenants. */
  public Map<String, Integer> mappingSummary(Actor actor) {
    guard(actor, Need.READ);
    return services.mapping().summary(actor.tenant());
  }

  // ---- sync ----------------------------------------------------------------------------------

  /** The wizard's initial sync; refused until at least one mapping is confirmed. */
  public LaunchedRun startInitialSync(Actor actor) {
    guard(actor, Need.UPDATE);
    requireConnected(actor.tenant());
    wizardAllows(actor.tenant(), WizardState.Step.INITIAL_SYNC);
    return launchInitial(actor);
  }

  /** "Sync All Tenants Now". */
  public LaunchedRun syncAllTenants(Actor actor) {
    guard(actor, Need.UPDATE);
    requireConnected(actor.tenant());
    return launcher.startSync(actor.tenant(), SyncKind.ALL, null, false, actor.userId());
  }

  /** "Sync Entra Now" on a client; refused for a client without a mapped tenant. */
  public LaunchedRun syncClient(Actor actor, String clientId) {
    guard(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
    requireConnected(actor.tenant());
    requireMappedClient(actor.tenant(), clientId);
    return launcher.startSync(actor.tenant(), SyncKind.CLIENT, clientId, false, actor.userId());
  }

  /**
   * Starts a recorded dry run of a path: the run and its per-tenant counters are kept in history;
   * no contact, link, queue item or cursor is written.
   */
  public LaunchedRun startDryRun(Actor actor, SyncKind kind, String clientId) {
    if (kind == null) {
      guard(actor, Need.UPDATE);
      throw invalid("The kind of sync to dry-run is required (initial, all or client).");
    }
    if (kind == SyncKind.CLIENT) {
      guard(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
      requireConnected(actor.tenant());
      requireMappedClient(actor.tenant(), clientId);
    } else {
      guard(actor, Need.UPDATE);
      requireConnected(actor.tenant());
      if (kind == SyncKind.SCHEDULED) {
        throw new RefusedException(Refusal.VALIDATION, "Scheduled runs are started by the schedule, not by an operator.");
      }
    }
    return launcher.startSync(actor.tenant(), kind, clientId, true, actor.userId());
  }

  /**
   * What a sync of one client would do, identity by identity, computed now and written nowhere
   * (no contact, link, queue item, cursor or run record).
   */
  public List<TenantSyncOutcome> previewClientSync(Actor actor, String clientId) {
    guard(actor, Need.UPDATE, FeatureFlag.CLIENT_SYNC_ACTION);
    requireConnected(actor.tenant());
    List<TenantMapping> mapped = requireMappedClient(actor.tenant(), clientId);
    List<TenantSyncOutcome> outcomes = new ArrayList<>();
    for (TenantMapping mapping : mapped) {
      if (mapping.state() == MappingState.MAPPED) {
        outcomes.add(services.tenantSync().sync(TenantSyncCommand.preview(actor.tenant(), mapping.tenantId(), clientId),
            SyncProgressListener.NONE));
      }
    }
    return outcomes;
  }

  /** Waits for a started run (sync or discovery) to finish, at most {@code timeout}. */
  public Optional<RunStatus> awaitRun(Actor actor, LaunchedRun run, Duration timeout) {
    guard(actor, Need.READ);
    if (run == null || !launcher.belongsTo(run, actor.tenant())) {
      throw new RefusedException(Refusal.VALIDATION, "That run does not belong to this tenant.");
    }
    return launcher.awaitCompletion(run, timeout);
  }

  /** A run with its progress (processed / total tenants, counters so far). */
  public Optional<SyncRun> run(Actor actor, String runId) {
    guard(actor, Need.READ);
    return services.storage().runs().findRun(actor.tenant(), runId);
  }

  /** Runs, most recent first. */
  public List<SyncRun> runHistory(Actor actor, int limit) {
    guard(actor, Need.READ);
    return services.storage().runs().listRuns(actor.tenant(), limit <= 0 ? DEFAULT_HISTORY : limit);
  }

  /** The per-tenant drill-down of a run. */
  public List<TenantSyncResult> runTenants(Actor actor, String runId) {
    guard(actor, Need.READ);
    return services.storage().runs().tenantResults(actor.tenant(), runId);
  }

  /**
   * The tenant list in one call: each managed tenant with its mapping, its last sync (status, time,
   * counters) and its user count.
   */
  public List<TenantOverview> tenantOverview(Actor actor) {
    guard(actor, Need.READ);
    return services.operatorViews().tenantOverview(actor.tenant());
  }

  /** A run's progress read from the database (no Temporal access needed), in flight or finished. */
  public Optional<RunProgressView> runProgress(Actor actor, String runId) {
    guard(actor, Need.READ);
    return services.operatorViews().runProgress(actor.tenant(), runId);
  }

  /** The runs in flight now, oldest first, with their progress. */
  public List<RunProgressView> runsInFlight(Actor actor) {
    guard(actor, Need.READ);
    return services.operatorViews().runsInFlight(actor.tenant());
  }

  // ---- held deletions ------------------------------------------------------------------------

  /**
   * The inactivations the deletion-safety valve holds, per tenant: how many, why (threshold tripped,
   * incomplete or empty listing), since when, and a few of the contacts concerned, by name.
   */
  public List<HeldDeletionsView> heldDeletions(Actor actor) {
    guard(actor, Need.READ);
    return services.heldDeletions().list(actor.tenant());
  }

  /**
   * Approves a tenant's held inactivations as they are now: the next sync of the tenant applies
   * exactly that set without the threshold, still checking each identity is gone or disabled, and
   * does not hold it again.
   *
   * @throws RefusedException VALIDATION when the tenant holds nothing
   */
  public HeldDeletionsView approveHeldDeletions(Actor actor, EntraTenantId tenantId) {
    guard(actor, Need.UPDATE);
    return services.heldDeletions().approve(actor.tenant(), actor.userId(), tenantId);
  }

  // ---- reconciliation queue ------------------------------------------------------------------

  public List<QueueEntry> openQueue(Actor actor) {
    guard(actor, Need.READ, FeatureFlag.AMBIGUOUS_QUEUE);
    return services.queue().listOpen(actor.tenant());
  }

  public void resolveToExistingContact(Actor actor, EntraObjectId objectId, String contactId) {
    guard(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    requireObjectId(objectId);
    requireText(contactId, "The contact to link is required.");
    services.queue().resolveToExisting(actor.tenant(), actor.userId(), objectId, contactId);
  }

  /** @return the new contact's id */
  public String resolveByCreatingContact(Actor actor, EntraObjectId objectId) {
    guard(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    requireObjectId(objectId);
    return services.queue().resolveToNew(actor.tenant(), actor.userId(), objectId);
  }

  public void dismissQueueItem(Actor actor, EntraObjectId objectId) {
    guard(actor, Need.UPDATE, FeatureFlag.AMBIGUOUS_QUEUE);
    requireObjectId(objectId);
    services.queue().dismiss(actor.tenant(), actor.userId(), objectId);
  }

  // ---- settings ------------------------------------------------------------------------------

  public SettingsView syncSettings(Actor actor) {
    guard(actor, Need.READ);
    SyncSettings s = services.storage().settings().get(actor.tenant());
    return new SettingsView(s.userFilter(), s.markInactiveWhenDisabled(), s.intervalMinutes());
  }

  /**
   * Changes filters, mark-inactive-when-disabled and the interval (a null field keeps its value).
   * Patterns and the interval are validated here: an invalid one is refused {@code VALIDATION} and
   * nothing is saved. A new interval updates the schedule. A change of what the sync does with
   * unchanged users (filters, mark-inactive) clears the delta cursors, so the next sync of every
   * tenant is a full listing that applies it to everyone.
   */
  public SettingsView updateSyncSettings(Actor actor, SettingsChange change) {
    guard(actor, Need.UPDATE);
    if (change == null) {
      throw new RefusedException(Refusal.VALIDATION, "The settings change is required.");
    }
    UserFilterConfig.patternProblem(change.excludePatterns()).ifPresent(problem -> {
      throw invalid(problem);
    });
    if (change.intervalMinutes() != null) {
      SyncSettings.intervalProblem(change.intervalMinutes()).ifPresent(problem -> {
        throw invalid(problem);
      });
    }
    SyncSettings current = services.storage().settings().get(actor.tenant());
    UserFilterConfig filter = current.userFilter();
    SyncSettings updated = new SyncSettings(current.fieldSync(),
        new UserFilterConfig(
            change.includeGuests() == null ? filter.includeGuests() : change.includeGuests(),
            change.licensedOnly() == null ? filter.licensedOnly() : change.licensedOnly(),
            change.excludePatterns() == null ? filter.customPatterns() : change.excludePatterns()),
        change.markInactiveWhenDisabled() == null ? current.markInactiveWhenDisabled() : change.markInactiveWhenDisabled(),
        change.intervalMinutes() == null ? current.intervalMinutes() : change.intervalMinutes());
    services.storage().settings().save(actor.tenant(), updated);
    if (change.changesSyncBehaviour() && !updated.equals(current)) {
      services.storage().tenants().clearDeltaCursors(actor.tenant());
    }
    if (change.intervalMinutes() != null && schedules != null && isConnected(actor.tenant())) {
      schedules.upsertSchedule(actor.tenant(), updated.intervalMinutes());
    }
    return syncSettings(actor);
  }

  public FieldSyncConfig fieldSync(Actor actor) {
    guard(actor, Need.READ, FeatureFlag.FIELD_SYNC);
    return services.storage().settings().get(actor.tenant()).fieldSync();
  }

  public FieldSyncConfig updateFieldSync(Actor actor, FieldSyncConfig config) {
    guard(actor, Need.UPDATE, FeatureFlag.FIELD_SYNC);
    if (config == null) {
      throw new RefusedException(Refusal.VALIDATION, "The field sync toggles are required.");
    }
    SyncSettings current = services.storage().settings().get(actor.tenant());
    services.storage().settings().save(actor.tenant(),
        new SyncSettings(config, current.userFilter(), current.markInactiveWhenDisabled(), current.intervalMinutes()));
    if (!config.equals(current.fieldSync())) {
      // Toggles decide what happens to users that did not change upstream too: list everyone next time.
      services.storage().tenants().clearDeltaCursors(actor.tenant());
    }
    return config;
  }

  // ---- feature flags -------------------------------------------------------------------------

  /**
   * Creates the five Phase 1 flag definitions (default off) where missing; idempotent. Allowed to an
   * MSP admin ({@code system_settings.update}) with every flag off, because it is the rollout's
   * bootstrap: the definitions must exist before anyone can target them, and creating one changes
   * nothing anybody sees (it is created off, and an existing flag keeps its state and targeting).
   *
   * @return the names created by this call
   */
  public List<String> ensurePhase1Flags(Actor actor) {
    guardWithoutFlags(actor, Need.UPDATE);
    List<String> created = new ArrayList<>();
    for (FeatureFlag flag : FeatureFlag.values()) {
      if (flags.ensureDefined(flag.definition())) {
        created.add(flag.flagName());
      }
    }
    return created;
  }

  /**
   * Enables one Phase 1 flag for the actor's own MSP tenant (tenant targeting). Releasing a surface
   * is a platform operator's act, so besides {@code system_settings.update} the actor needs {@link
   * Permissions#ENTRA_FLAGS_MANAGE}, and the target must be the actor's own tenant: this facade is
   * MSP-scoped and never acts on another tenant (a platform targeting many tenants uses its own
   * flag system). Works with every flag off, as the rollout needs.
   *
   * @throws RefusedException FORBIDDEN without the platform permission or for another tenant;
   *     VALIDATION for a missing target or a flag that is not a Phase 1 flag
   */
  public void addFlagTarget(Actor actor, String flag, MspTenantId target) {
    guardWithoutFlags(actor, Need.UPDATE);
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

  // ---- guard and helpers ---------------------------------------------------------------------

  private enum Need {
    READ(Permissions.SYSTEM_SETTINGS_READ),
    UPDATE(Permissions.SYSTEM_SETTINGS_UPDATE);

    final String permission;

    Need(String permission) {
      this.permission = permission;
    }
  }

  private void guard(Actor actor, Need need, FeatureFlag... surfaceFlags) {
    guardWithoutFlags(actor, need);
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

  private void guardWithoutFlags(Actor actor, Need need) {
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

  private boolean isConnected(MspTenantId msp) {
    return services.connection().status(msp).filter(PartnerConnection::isUsable).isPresent();
  }

  private void requireConnected(MspTenantId msp) {
    if (!isConnected(msp)) {
      throw new RefusedException(Refusal.NOT_CONNECTED,
          "Connect to Microsoft Entra (direct or CIPP) first; if the connection needs a new sign-in, sign in again.");
    }
  }

  private void wizardAllows(MspTenantId msp, WizardState.Step step) {
    List<TenantMapping> active = services.mapping().active(msp);
    int confirmed = (int) active.stream()
        .filter(m -> m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW).count();
    int discovered = (int) services.storage().tenants().list(msp).stream().filter(ManagedTenant::present).count();
    WizardState state = new WizardState(isConnected(msp), discovered, confirmed, false);
    state.blockerFor(step).ifPresent(message -> {
      throw new RefusedException(Refusal.WIZARD_ORDER, message);
    });
  }

  private List<TenantMapping> requireMappedClient(MspTenantId msp, String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new RefusedException(Refusal.VALIDATION, "A client id is required.");
    }
    List<TenantMapping> mapped = services.storage().mappings().findActiveByClient(msp, clientId).stream()
        .filter(m -> m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW)
        .toList();
    if (mapped.isEmpty()) {
      throw new RefusedException(Refusal.VALIDATION, "Client " + clientId
          + " is not mapped to any Entra tenant; map a tenant to it first.");
    }
    return mapped;
  }

  private LaunchedRun launchInitial(Actor actor) {
    LaunchedRun run = launcher.startSync(actor.tenant(), SyncKind.INITIAL, null, false, actor.userId());
    if (schedules != null) {
      schedules.upsertSchedule(actor.tenant(), services.storage().settings().get(actor.tenant()).intervalMinutes());
    }
    return run;
  }

  private ConnectionView view(MspTenantId msp) {
    Optional<PartnerConnection> connection = services.connection().status(msp);
    Instant lastDiscovery = services.storage().tenants().list(msp).stream()
        .map(ManagedTenant::lastSeenAt).max(Comparator.naturalOrder()).orElse(null);
    int mapped = (int) services.mapping().active(msp).stream().filter(TenantMapping::isSyncable).count();
    Instant next = schedules == null ? null : schedules.nextRun(msp).orElse(null);
    return connection
        .map(c -> new ConnectionView(c.type(), c.status(), c.connectedAt(), c.lastValidatedAt(), c.lastValidationError(),
            lastDiscovery, mapped, next))
        .orElseGet(() -> new ConnectionView(null, null, null, null, null, lastDiscovery, mapped, next));
  }

  // ---- input checks: what an operator typed is validated here, before any use case runs, so an
  // IllegalArgumentException from further in stays a bug and is never reported as bad input.

  private static RefusedException invalid(String message) {
    return new RefusedException(Refusal.VALIDATION, message);
  }

  private static void requireText(String value, String message) {
    if (value == null || value.isBlank()) {
      throw invalid(message);
    }
  }

  private static void requireTenantId(EntraTenantId tenantId) {
    if (tenantId == null) {
      throw invalid("The Entra tenant is required.");
    }
  }

  private static void requireObjectId(EntraObjectId objectId) {
    if (objectId == null) {
      throw invalid("The Entra identity (object id) is required.");
    }
  }

  /** The shape any OAuth redirect URI must have; which ones are allowed is the adapter's configuration. */
  private static void requireRedirectUriShape(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw invalid("The sign-in redirect URI must be an absolute https URL of your callback; got '" + uri + "'.");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalid("The sign-in redirect URI must be an https URL of your callback; got the scheme '" + scheme + "'.");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("The sign-in redirect URI must not contain a fragment ('#...'); got '" + uri + "'.");
    }
  }
}
