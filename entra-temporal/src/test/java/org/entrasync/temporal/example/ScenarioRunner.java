package org.entrasync.temporal.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.Emails;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.PartnerConnection;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.SettingsChange;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.SyncLauncher.LaunchedRun;
import org.entrasync.core.rules.TenantMatch;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.FeatureFlags;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.Permissions;
import org.entrasync.spi.SecretKeys;
import org.entrasync.temporal.ScheduleSpecFactory;

/**
 * Plays a scenario file (see {@code shared/scenarios/FORMAT.md}) through the library's public facade
 * exactly as a host PSA would, and describes the final state as one JSON document. A step the
 * library refuses is recorded with its error code and the run goes on; an unknown step stops the
 * run ({@link UnknownStepException}, exit code 2).
 */
public final class ScenarioRunner {
  static final List<String> KNOWN_STEPS = List.of("connect", "switchConnection", "disconnect", "discover", "preview",
      "confirm", "sync", "directory", "hostEdit", "hostAddContact", "settings", "resolve", "dismiss", "fault",
      "clearFaults", "as", "flags", "approveDeletions");
  /** How long a step waits for its workflow; {@code -Dentrasync.scenario.runTimeoutSeconds} (the chaos campaign) shortens it. */
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(Long.getLong("entrasync.scenario.runTimeoutSeconds", 300));
  private static final URI REDIRECT_URI = URI.create("https://psa.example/entra/callback");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExampleHost host;
  private final EntraIntegration facade;
  private final MspTenantId msp;
  private final ObjectNode output = JSON.createObjectNode();
  private final ArrayNode steps = output.putArray("steps");
  private final List<JsonNode> previews = new ArrayList<>();
  private final List<String> runIds = new ArrayList<>();
  private Actor actor;
  private int actorSequence;
  private ConnectionType connection = ConnectionType.DIRECT;

  public ScenarioRunner(ExampleHost host) {
    this(host, ExampleHost.MSP);
  }

  /**
   * Plays as {@code msp} instead of {@link ExampleHost#MSP}, so one host can play many histories,
   * each as a fresh MSP tenant (the chaos suite). The MSP's Microsoft app registration is stored here.
   */
  public ScenarioRunner(ExampleHost host, MspTenantId msp) {
    this.host = host;
    this.msp = msp;
    if (!msp.equals(ExampleHost.MSP)) {
      host.graph().storeAppCredentials(host.secrets(), msp);
    }
    this.facade = host.integration();
    this.actor = actorFor("internal", List.of(Permissions.SYSTEM_SETTINGS_READ, Permissions.SYSTEM_SETTINGS_UPDATE));
  }

  /** Whether the scenario asks for the reference host's "emails unique per MSP tenant" option. */
  public static boolean wantsEmailsUniquePerTenant(JsonNode scenario) {
    return scenario.path("host").path("emailsUniquePerTenant").asBoolean(false);
  }

  /**
   * The scenario's {@code timing.heartbeatTimeoutSeconds}: the activities' heartbeat timeout to run
   * with instead of the production default, so a scenario shows in seconds what a slow upstream does
   * to a run that takes minutes in production.
   */
  public static Optional<Duration> heartbeatTimeout(JsonNode scenario) {
    JsonNode seconds = scenario.path("timing").path("heartbeatTimeoutSeconds");
    if (seconds.isMissingNode() || seconds.isNull()) {
      return Optional.empty();
    }
    if (!seconds.canConvertToLong() || seconds.asLong() < 1) {
      throw new IllegalArgumentException("timing.heartbeatTimeoutSeconds must be a whole number of seconds, at least 1; got " + seconds);
    }
    return Optional.of(Duration.ofSeconds(seconds.asLong()));
  }

  /**
   * Refuses a scenario with an unknown step before anything runs (FORMAT.md: an error naming the
   * step, exit code 2, never silently skipped).
   */
  public static void checkSteps(JsonNode scenario) {
    JsonNode all = scenario.path("steps");
    for (int i = 0; i < all.size(); i++) {
      JsonNode d = all.get(i).path("do");
      String step = d.isTextual() ? d.asText() : String.valueOf(d.isMissingNode() ? "" : d);
      if (!KNOWN_STEPS.contains(step)) {
        throw new UnknownStepException(i, step);
      }
    }
  }

  /** Plays every step and returns the output document. */
  public ObjectNode play(JsonNode scenario) {
    checkSteps(scenario);
    begin(scenario);
    JsonNode all = scenario.path("steps");
    for (int i = 0; i < all.size(); i++) {
      playStep(all.get(i));
    }
    return finish();
  }

  /** Seeds the scenario's directory, host and settings, without playing a step (then {@link #step}). */
  public void begin(JsonNode scenario) {
    connection = "cipp".equals(scenario.path("connection").asText("direct")) ? ConnectionType.CIPP : ConnectionType.DIRECT;
    seed(scenario);
  }

  /** Plays one step (one of {@link #KNOWN_STEPS}) and returns its record in the output's {@code steps}. */
  public ObjectNode step(JsonNode step) {
    playStep(step);
    return (ObjectNode) steps.get(steps.size() - 1);
  }

  /** The ids of the runs played so far, in order (the last is the last sync's). */
  public List<String> runIds() {
    return List.copyOf(runIds);
  }

  /** Describes the final state and returns the output document. */
  public ObjectNode finish() {
    describeFinalState();
    return output;
  }

  // ---- setup ---------------------------------------------------------------------------------

  private void seed(JsonNode scenario) {
    for (FeatureFlags.FlagDefinition flag : FeatureFlags.PHASE_1) {
      host.flags().set(msp, flag.name(), true);
    }
    JsonNode settings = scenario.path("settings");
    if (!settings.isMissingNode()) {
      host.storage().syncSettings().save(msp, applySettings(SyncSettings.DEFAULT, settings));
    }
    for (JsonNode tenant : scenario.path("directory").path("tenants")) {
      addTenant(tenant.path("tenantId").asText(), tenant);
    }
    List<HostClient> clients = new ArrayList<>();
    for (JsonNode c : scenario.path("host").path("clients")) {
      clients.add(new HostClient(c.path("id").asText(), text(c, "name"), c.hasNonNull("url") ? List.of(c.get("url").asText()) : List.of(),
          text(c, "billingEmail"), strings(c.path("inboundDomains"))));
    }
    if (!clients.isEmpty()) {
      host.storage().referenceHostSeeder().insertClients(msp, clients);
    }
    List<HostContact> contacts = new ArrayList<>();
    for (JsonNode c : scenario.path("host").path("contacts")) {
      contacts.add(contact(c, null));
    }
    if (!contacts.isEmpty()) {
      host.storage().referenceHostSeeder().insertContacts(msp, contacts);
    }
  }

  private EmulatedTenant addTenant(String tenantId, JsonNode tenant) {
    EmulatedTenant emulated = host.directory().addTenant(tenantId, text(tenant, "displayName"), text(tenant, "defaultDomainName"));
    for (JsonNode user : tenant.path("users")) {
      emulated.upsert(user(user));
    }
    return emulated;
  }

  private static EmulatedUser user(JsonNode u) {
    List<String> proxies = new ArrayList<>(strings(u.path("proxyAddresses")));
    return new EmulatedUser(u.path("id").asText(), text(u, "userPrincipalName"), text(u, "mail"), text(u, "displayName"),
        text(u, "givenName"), text(u, "surname"), u.has("accountEnabled") && !u.get("accountEnabled").isNull()
            ? u.get("accountEnabled").asBoolean() : Boolean.TRUE,
        u.hasNonNull("userType") ? u.get("userType").asText() : "Member", text(u, "jobTitle"), text(u, "mobilePhone"),
        strings(u.path("businessPhones")), u.path("assignedLicenses").asInt(0), proxies);
  }

  private static HostContact contact(JsonNode c, HostContact base) {
    List<ContactPhone> phones = base == null ? List.of() : base.phones();
    if (c.has("phones")) {
      phones = new ArrayList<>();
      boolean first = true;
      for (JsonNode p : c.get("phones")) {
        String type = p.path("type").asText("work").toUpperCase(Locale.ROOT);
        phones.add(new ContactPhone(p.path("number").asText(), ContactPhone.Type.valueOf(type), p.path("isDefault").asBoolean(first)));
        first = false;
      }
    }
    return new HostContact(
        c.has("id") ? c.get("id").asText() : base.id(),
        c.has("clientId") ? c.get("clientId").asText() : base.clientId(),
        c.has("fullName") ? text(c, "fullName") : base == null ? null : base.fullName(),
        c.has("email") ? text(c, "email") : base == null ? null : base.email(),
        c.has("role") ? text(c, "role") : base == null ? null : base.role(),
        base == null ? null : base.userPrincipalName(),
        phones,
        c.has("inactive") ? c.get("inactive").asBoolean() : base != null && base.inactive(),
        c.has("inactive") ? (c.get("inactive").asBoolean() ? "edited_in_host" : null) : base == null ? null : base.inactiveReason());
  }

  // ---- steps ---------------------------------------------------------------------------------

  private void playStep(JsonNode step) {
    String name = step.path("do").asText();
    ObjectNode record = steps.addObject();
    record.put("do", name);
    try {
      switch (name) {
        case "connect" -> connectStep(step.path("as"), text(step, "baseUrl"));
        case "switchConnection" -> {
          ConnectionType to = connectionType(step.path("to").asText());
          connect(to);
          // Only a switch that happened changes what a later plain "connect" connects with.
          connection = to;
        }
        case "disconnect" -> facade.disconnect(actor);
        case "discover" -> await(facade.discoverTenants(actor));
        case "preview" -> previews.add(preview(facade.previewMappings(actor)));
        case "confirm" -> confirm(step);
        case "sync" -> sync(step);
        case "directory" -> directory(step);
        case "hostEdit" -> hostEdit(step);
        case "hostAddContact" -> host.storage().referenceHostSeeder().insertContacts(msp, List.of(contact(step.has("contact") ? step.get("contact") : step, null)));
        case "settings" -> settings(step);
        case "resolve" -> resolve(step);
        case "dismiss" -> facade.dismissQueueItem(actor, EntraObjectId.of(step.path("entraObjectId").asText()));
        case "approveDeletions" -> facade.approveHeldDeletions(actor, EntraTenantId.of(step.path("tenantId").asText()));
        case "fault" -> fault(step);
        case "clearFaults" -> {
          host.graph().clearFaults();
          host.cipp().clearFaults();
        }
        case "as" -> actor = actorFor(step.path("actor").path("userType").asText("internal"), strings(step.path("actor").path("permissions")));
        case "flags" -> step.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("do")) {
            host.flags().set(msp, e.getKey(), e.getValue().asBoolean());
          }
        });
        default -> throw new IllegalStateException("unreachable: steps were checked before playing");
      }
      record.put("ok", true);
    } catch (RefusedException e) {
      record.put("ok", false).put("error", e.refusal().name()).put("message", e.getMessage());
    } catch (EntraException e) {
      record.put("ok", false).put("error", errorCode(e)).put("message", e.getMessage());
    }
  }

  private static String errorCode(EntraException e) {
    if (e instanceof CredentialRejectedException) {
      return "CREDENTIAL_REJECTED";
    } else if (e instanceof ConsentMissingException) {
      return "CONSENT_MISSING";
    } else if (e instanceof EntraUnavailableException) {
      return "UNAVAILABLE";
    }
    return "REJECTED";
  }

  private Actor actorFor(String userType, List<String> permissions) {
    Actor a = new Actor(msp, "scenario-user-" + (++actorSequence),
        "client".equals(userType) ? Actor.UserType.CLIENT_PORTAL : Actor.UserType.INTERNAL);
    host.access().grant(a, Set.copyOf(permissions));
    return a;
  }

  /**
   * {@code connect}: with the scenario's (or the last switched-to) connection type; {@code as} may
   * name the type ({@code "direct"}, {@code "cipp"}) or be an actor ({@code {userType, permissions}})
   * that makes this one step; {@code baseUrl} (cipp) replaces the emulator's address with what an
   * operator might type.
   */
  private void connectStep(JsonNode as, String baseUrl) {
    if (as.isObject()) {
      Actor previous = actor;
      actor = actorFor(as.path("userType").asText("internal"), strings(as.path("permissions")));
      try {
        connect(connection, baseUrl);
      } finally {
        actor = previous;
      }
    } else {
      connect(as.isTextual() ? connectionType(as.asText()) : connection, baseUrl);
    }
  }

  private static ConnectionType connectionType(String wire) {
    try {
      return WireNamed.fromWire(ConnectionType.class, wire);
    } catch (IllegalArgumentException e) {
      throw new RefusedException(org.entrasync.core.error.Refusal.VALIDATION, "Unknown connection type '" + wire + "'");
    }
  }

  private void connect(ConnectionType type) {
    connect(type, null);
  }

  private void connect(ConnectionType type, String cippBaseUrl) {
    if (type == ConnectionType.DIRECT) {
      AuthorizationStart start = facade.startDirectConnection(actor, REDIRECT_URI);
      Map<String, String> callback = host.graph().authorize(start.authorizationUrl());
      facade.completeDirectConnection(actor, callback);
    } else {
      facade.connectCipp(actor, CippCredentials.withToken(cippBaseUrl != null ? cippBaseUrl : host.cipp().baseUrl(),
          ExampleHost.CIPP_TOKEN));
    }
    facade.validateConnection(actor);
  }

  private void confirm(JsonNode step) {
    List<MappingDecision> decisions = new ArrayList<>();
    for (JsonNode d : step.path("decisions")) {
      EntraTenantId tenant = EntraTenantId.of(d.path("tenantId").asText());
      if (d.path("createNew").asBoolean(false)) {
        decisions.add(MappingDecision.createNew(tenant));
      } else if (d.path("skip").asBoolean(false)) {
        decisions.add(MappingDecision.skip(tenant));
      } else {
        decisions.add(MappingDecision.map(tenant, d.path("clientId").asText(null)));
      }
    }
    var result = facade.confirmMappings(actor, decisions, step.path("acceptAutoMatches").asBoolean(false),
        step.path("startInitialSync").asBoolean(false));
    if (result.initialSync() != null) {
      awaitRun(result.initialSync());
    }
  }

  private void sync(JsonNode step) {
    String kind = step.path("kind").asText();
    String clientId = step.hasNonNull("clientId") ? step.get("clientId").asText() : null;
    boolean dryRun = step.path("dryRun").asBoolean(false);
    LaunchedRun run;
    if (dryRun) {
      SyncKind syncKind;
      try {
        syncKind = WireNamed.fromWire(SyncKind.class, kind);
      } catch (IllegalArgumentException e) {
        throw new RefusedException(org.entrasync.core.error.Refusal.VALIDATION, "Unknown sync kind '" + kind + "'");
      }
      run = facade.startDryRun(actor, syncKind, clientId);
    } else {
      run = switch (kind) {
        case "initial" -> facade.startInitialSync(actor);
        case "all" -> facade.syncAllTenants(actor);
        case "client" -> facade.syncClient(actor, clientId);
        // Exactly what the recurring schedule starts (ScheduleSpecFactory): not an operator action,
        // so no actor's guard applies to it, neither to start it nor to wait for it.
        case "scheduled" -> host.launcher().startSync(msp, SyncKind.SCHEDULED, null, false, ScheduleSpecFactory.SCHEDULE_ACTOR);
        default -> throw new RefusedException(org.entrasync.core.error.Refusal.VALIDATION, "Unknown sync kind '" + kind + "'");
      };
      if ("scheduled".equals(kind)) {
        recordRun(run, host.launcher().awaitCompletion(run, RUN_TIMEOUT));
        return;
      }
    }
    awaitRun(run);
  }

  /**
   * Waits through the facade, as a host's progress screen would. A run that started is recorded
   * even if this actor may not watch it (update without read): it ran all the same.
   */
  private void awaitRun(LaunchedRun run) {
    Optional<org.entrasync.core.model.RunStatus> status;
    try {
      status = facade.awaitRun(actor, run, RUN_TIMEOUT);
    } catch (RefusedException e) {
      status = host.launcher().awaitCompletion(run, RUN_TIMEOUT);
    }
    recordRun(run, status);
  }

  private void recordRun(LaunchedRun run, Optional<org.entrasync.core.model.RunStatus> status) {
    status.orElseThrow(() -> new IllegalStateException("Run " + run.workflowId() + " did not finish in " + RUN_TIMEOUT));
    if (!runIds.contains(run.runId())) {
      runIds.add(run.runId());
    }
  }

  private void await(LaunchedRun run) {
    host.launcher().awaitCompletion(run, RUN_TIMEOUT)
        .orElseThrow(() -> new IllegalStateException("Workflow " + run.workflowId() + " did not finish in " + RUN_TIMEOUT));
  }

  private void directory(JsonNode step) {
    String tenantId = step.path("tenantId").asText();
    if (step.has("addTenant")) {
      addTenant(tenantId, step.get("addTenant"));
    }
    if (step.path("removeTenant").asBoolean(false)) {
      host.directory().removeTenant(tenantId);
      return;
    }
    EmulatedTenant tenant = host.directory().requireTenant(tenantId);
    for (JsonNode user : step.path("upsert")) {
      tenant.upsert(user(user));
    }
    strings(step.path("disable")).forEach(tenant::disable);
    strings(step.path("enable")).forEach(tenant::enable);
    strings(step.path("delete")).forEach(tenant::delete);
  }

  private void hostEdit(JsonNode step) {
    String id = resolveContactId(step.path("contactId").asText());
    HostContact current = host.storage().referenceHostContacts().findByIds(msp, List.of(id)).stream().findFirst()
        .orElseThrow(() -> new RefusedException(org.entrasync.core.error.Refusal.VALIDATION, "No contact " + id));
    host.storage().referenceHostSeeder().updateContacts(msp, List.of(contact(step.path("set"), current)));
  }

  private void settings(JsonNode step) {
    if (step.has("fieldSync")) {
      // Toggles the step leaves out keep their current value.
      FieldSyncConfig current = host.storage().syncSettings().get(msp).fieldSync();
      facade.updateFieldSync(actor, fieldSync(step.get("fieldSync"), current));
    }
    boolean filters = step.has("excludePatterns") || step.has("licensedOnly") || step.has("includeGuests");
    if (filters || step.has("markInactiveWhenDisabled") || step.has("intervalMinutes")) {
      facade.updateSyncSettings(actor, new SettingsChange(
          step.has("excludePatterns") ? strings(step.get("excludePatterns")) : null,
          step.has("includeGuests") ? step.get("includeGuests").asBoolean() : null,
          step.has("licensedOnly") ? step.get("licensedOnly").asBoolean() : null,
          step.has("markInactiveWhenDisabled") ? step.get("markInactiveWhenDisabled").asBoolean() : null,
          step.has("intervalMinutes") ? step.get("intervalMinutes").asInt() : null));
    }
  }

  private static SyncSettings applySettings(SyncSettings base, JsonNode s) {
    FieldSyncConfig fields = s.has("fieldSync") ? fieldSync(s.get("fieldSync"), base.fieldSync()) : base.fieldSync();
    UserFilterConfig filter = new UserFilterConfig(s.path("includeGuests").asBoolean(base.userFilter().includeGuests()),
        s.path("licensedOnly").asBoolean(base.userFilter().licensedOnly()),
        s.has("excludePatterns") ? strings(s.get("excludePatterns")) : base.userFilter().customPatterns());
    return new SyncSettings(fields, filter, s.path("markInactiveWhenDisabled").asBoolean(base.markInactiveWhenDisabled()),
        s.path("intervalMinutes").asInt(base.intervalMinutes()));
  }

  private static FieldSyncConfig fieldSync(JsonNode f, FieldSyncConfig base) {
    return new FieldSyncConfig(f.path("displayName").asBoolean(base.displayName()), f.path("email").asBoolean(base.email()),
        f.path("phone").asBoolean(base.phone()), f.path("jobTitle").asBoolean(base.jobTitle()), f.path("upn").asBoolean(base.upn()));
  }

  private void resolve(JsonNode step) {
    EntraObjectId objectId = EntraObjectId.of(step.path("entraObjectId").asText());
    if (step.path("createNew").asBoolean(false)) {
      facade.resolveByCreatingContact(actor, objectId);
    } else {
      facade.resolveToExistingContact(actor, objectId, resolveContactId(step.path("contactId").asText()));
    }
  }

  private void fault(JsonNode step) {
    String target = step.path("target").asText();
    String kind = step.path("kind").asText();
    int count = step.path("count").asInt(1);
    if ("cipp".equals(target)) {
      cippFault(step, kind, count);
    } else {
      // FORMAT.md: throttle's retryAfterSeconds, customerTokenError's tenantId and aadsts
      Map<String, String> options = new java.util.HashMap<>();
      for (String field : List.of("retryAfterSeconds", "tenantId", "aadsts")) {
        if (step.hasNonNull(field)) {
          options.put(field, step.path(field).asText());
        }
      }
      host.graph().fault(target, kind, count, options);
    }
  }

  /**
   * A CIPP fault: {@code tenantError} makes CIPP fail that tenant with {@code text} until {@code
   * clearFaults}; {@code throttle} answers 429 with {@code Retry-After: retryAfterSeconds} (default
   * 1); {@code slow} holds the first byte back {@code seconds}; the rest as the emulator names them.
   */
  private void cippFault(JsonNode step, String kind, int count) {
    CippEmulator cipp = host.cipp();
    if ("tenantError".equals(kind)) {
      cipp.tenantError(step.path("tenantId").asText(), step.path("text").asText());
      return;
    }
    if ("throttle".equals(kind)) {
      cipp.retryAfterSeconds(step.path("retryAfterSeconds").asLong(1));
    }
    if ("slow".equals(kind) && step.has("seconds")) {
      cipp.slowDelay(Duration.ofMillis(Math.round(step.get("seconds").asDouble() * 1000)));
    }
    cipp.fault(CippEmulator.Fault.fromScenarioKind(kind), count);
  }

  /** {@code email:ADDRESS} names the contact with that email (case-insensitive; the first by id). */
  private String resolveContactId(String reference) {
    if (!reference.startsWith("email:")) {
      return reference;
    }
    String email = reference.substring("email:".length()).trim().toLowerCase(Locale.ROOT);
    return host.storage().referenceHostContacts().listContacts(msp).stream()
        .filter(c -> c.email() != null && c.email().trim().toLowerCase(Locale.ROOT).equals(email))
        .map(HostContact::id).sorted().findFirst()
        .orElseThrow(() -> new RefusedException(org.entrasync.core.error.Refusal.VALIDATION, "No contact with email " + email));
  }

  // ---- output --------------------------------------------------------------------------------

  private ObjectNode preview(MappingPreview preview) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode auto = node.putArray("autoMatched");
    for (MappingPreview.Row row : byTenant(preview.autoMatched())) {
      TenantMatch.AutoMatched m = (TenantMatch.AutoMatched) row.match();
      auto.addObject().put("tenantId", row.tenantId().value()).put("clientId", m.clientId())
          .put("reason", m.reason().wireName()).put("score", round(m.score()));
    }
    ArrayNode review = node.putArray("needsReview");
    for (MappingPreview.Row row : byTenant(preview.needsReview())) {
      ObjectNode r = review.addObject().put("tenantId", row.tenantId().value());
      ArrayNode candidates = r.putArray("candidates");
      // Best candidate first (the order an operator reads them in), ties by client id.
      List<TenantMatch.Candidate> sorted = new ArrayList<>(((TenantMatch.NeedsReview) row.match()).candidates());
      sorted.sort(Comparator.comparingDouble((TenantMatch.Candidate c) -> -round(c.score())).thenComparing(TenantMatch.Candidate::clientId));
      for (TenantMatch.Candidate c : sorted) {
        candidates.addObject().put("clientId", c.clientId()).put("reason", c.reason().wireName()).put("score", round(c.score()));
      }
    }
    ArrayNode unmatched = node.putArray("unmatched");
    for (MappingPreview.Row row : byTenant(preview.unmatched())) {
      unmatched.addObject().put("tenantId", row.tenantId().value());
    }
    return node;
  }

  private static List<MappingPreview.Row> byTenant(List<MappingPreview.Row> rows) {
    List<MappingPreview.Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> r.tenantId().value()));
    return sorted;
  }

  private static double round(double score) {
    return Math.round(score * 100.0) / 100.0;
  }

  private void describeFinalState() {
    var storage = host.storage();
    ObjectNode conn = output.putObject("connection");
    Optional<PartnerConnection> active = storage.connections().findActive(msp);
    conn.put("type", active.map(c -> c.type().wireName()).orElse(null));
    conn.put("status", active.map(c -> c.status().wireName()).orElse("disconnected"));

    ArrayNode secrets = output.putArray("secretsPresent");
    List<String> keys = new ArrayList<>(List.of(SecretKeys.MICROSOFT_CLIENT_ID, SecretKeys.MICROSOFT_CLIENT_SECRET, SecretKeys.MICROSOFT_TENANT_ID));
    keys.addAll(SecretKeys.DIRECT_CONNECTION_KEYS);
    keys.addAll(SecretKeys.CIPP_CONNECTION_KEYS);
    keys.stream().filter(k -> host.secrets().getTenantSecret(msp, k).isPresent()).sorted().forEach(secrets::add);

    ArrayNode previewsNode = output.putArray("previews");
    previews.forEach(previewsNode::add);

    ArrayNode mappings = output.putArray("mappings");
    storage.mappings().listActive(msp).stream()
        .sorted(Comparator.comparing(m -> m.tenantId().value()))
        .forEach(m -> mappings.addObject().put("tenantId", m.tenantId().value()).put("state", m.state().wireName())
            .put("clientId", m.clientId()));

    ArrayNode runs = output.putArray("runs");
    for (String runId : runIds) {
      SyncRun run = storage.syncRuns().findRun(msp, runId).orElse(null);
      if (run == null) {
        continue;
      }
      ObjectNode r = runs.addObject().put("kind", run.kind().wireName()).put("status", run.status().wireName())
          .put("dryRun", run.dryRun());
      r.set("counters", counters(run.counters()));
      ArrayNode tenants = r.putArray("tenants");
      storage.syncRuns().tenantResults(msp, runId).stream()
          .sorted(Comparator.comparing(t -> t.tenantId().value()))
          .forEach(t -> tenantNode(tenants.addObject(), t));
    }

    ArrayNode held = output.putArray("heldDeletions");
    storage.heldDeletions().listHeld(msp).stream()
        .sorted(Comparator.comparing(h -> h.tenantId().value()))
        .forEach(h -> held.addObject().put("tenantId", h.tenantId().value()).put("count", h.count())
            .put("reason", h.reason().wireName()));

    Map<String, String> tenantByClient = new HashMap<>();
    storage.mappings().listActive(msp).stream()
        .filter(m -> m.state() == MappingState.MAPPED)
        .sorted(Comparator.comparing(m -> m.tenantId().value()))
        .forEach(m -> tenantByClient.putIfAbsent(m.clientId(), m.tenantId().value()));
    ArrayNode clients = output.putArray("clients");
    host.storage().referenceHostClients().listClients(msp).stream().sorted(Comparator.comparing(HostClient::id))
        .forEach(c -> clients.addObject().put("id", c.id()).put("name", c.name()).put("entraTenantId", tenantByClient.get(c.id())));

    Map<String, ContactLink> linkByContact = storage.contactLinks().listAll(msp).stream()
        .filter(ContactLink::active)
        .collect(Collectors.toMap(ContactLink::contactId, Function.identity(), (a, b) -> a));
    ArrayNode contacts = output.putArray("contacts");
    host.storage().referenceHostContacts().listContacts(msp).stream()
        .sorted(Comparator.comparing((HostContact c) -> Emails.normalize(c.email()).orElse("")).thenComparing(HostContact::id))
        .forEach(c -> {
          ObjectNode n = contacts.addObject().put("id", c.id()).put("clientId", c.clientId()).put("fullName", c.fullName())
              .put("email", Emails.normalize(c.email()).orElse(c.email())).put("role", c.role());
          ArrayNode phones = n.putArray("phones");
          c.phones().forEach(p -> phones.addObject().put("number", p.number()).put("type", p.type().wireName()));
          ContactLink link = linkByContact.get(c.id());
          n.put("inactive", c.inactive()).put("entraObjectId", link == null ? null : link.objectId().value())
              .put("inactiveReason", c.inactiveReason());
        });

    ArrayNode queue = output.putArray("queue");
    storage.reconciliationQueue().listAll(msp).stream()
        // By the identity (object ids are unique across tenants), then status: an identity may keep its
        // closed items as history.
        .sorted(Comparator.comparing((ReconciliationItem q) -> q.objectId().value()).thenComparing(q -> q.status().wireName())
            .thenComparing(q -> q.tenantId().value()))
        .forEach(q -> {
          ObjectNode n = queue.addObject().put("entraObjectId", q.objectId().value()).put("clientId", q.clientId())
              .put("status", q.status().wireName());
          ArrayNode ids = n.putArray("candidateContactIds");
          q.candidateContactIds().stream().sorted().forEach(ids::add);
        });
  }

  private static void tenantNode(ObjectNode node, TenantSyncResult t) {
    node.put("tenantId", t.tenantId().value()).put("clientId", t.clientId()).put("status", t.status().wireName());
    if (t.eligibleUsers() == null) {
      node.putNull("eligibleUsers");
    } else {
      node.put("eligibleUsers", t.eligibleUsers());
    }
    node.set("counters", counters(t.counters()));
    node.put("deletionsHeld", t.deletionsHeld());
    node.put("error", t.error());
  }

  private static ObjectNode counters(SyncCounters c) {
    return JSON.createObjectNode().put("created", c.created()).put("linked", c.linked()).put("updated", c.updated())
        .put("unchanged", c.unchanged()).put("ambiguous", c.ambiguous()).put("inactivated", c.inactivated())
        .put("reactivated", c.reactivated()).put("skipped", c.skipped());
  }

  // ---- json helpers --------------------------------------------------------------------------

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }
}
