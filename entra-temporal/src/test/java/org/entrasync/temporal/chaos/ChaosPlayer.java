package org.entrasync.temporal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.fakes.FaultyHostContactDirectory;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.WorkflowIds;
import org.entrasync.temporal.example.ExampleHost;
import org.entrasync.temporal.example.ScenarioRunner;

/**
 * Plays one history on a shared {@link ExampleHost} as a fresh MSP tenant, through the scenario
 * runner's steps, and checks the invariants after every step. Chaos steps arm host-side faults for
 * the next sync step (a host write that fails once, the database connection dropped mid-page, the
 * worker killed mid-activity and restarted) or emulator faults the scenario format has no kind for.
 * At the end the faults are cleared and one more sync runs; the end state is returned normalized,
 * for comparison with the same history played without faults.
 */
final class ChaosPlayer {
  /** What a play saw: the invariants broken (step index and text) and the normalized end state. */
  record Outcome(List<String> violations, List<String> endState, List<String> notes) {}

  private final ExampleHost host;
  private final LogCapture logs;
  /** Workers killed mid-activity during the play in progress (noted: evidence that the fault bit). */
  private final java.util.concurrent.atomic.AtomicInteger workerKills = new java.util.concurrent.atomic.AtomicInteger();

  ChaosPlayer(ExampleHost host, LogCapture logs) {
    this.host = host;
    this.logs = logs;
  }

  Outcome play(JsonNode history, MspTenantId msp) {
    List<String> violations = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ScenarioRunner runner = new ScenarioRunner(host, msp);
    Set<String> seededIds = seededContactIds(history);
    Set<String> tenants = new LinkedHashSet<>();
    history.path("directory").path("tenants").forEach(t -> tenants.add(t.path("tenantId").asText()));
    List<Trigger> armed = new ArrayList<>();
    logs.reset();
    workerKills.set(0);
    // the emulators' request logs would otherwise grow over a whole campaign (the triggers count them)
    host.graph().clearRequests();
    host.cipp().clearLog();
    try (Connection admin = DriverManager.getConnection(host.database().jdbcUrl())) {
      // A connection the previous play's dropConnection fault ended a moment ago is too recent for
      // the pool's idle check: start every play from fresh connections.
      evictIdleConnections();
      runner.begin(history);
      State before = State.read(host, msp, admin);
      Set<String> manual = new HashSet<>();
      JsonNode steps = history.path("steps");
      List<JsonNode> all = new ArrayList<>();
      steps.forEach(all::add);
      all.add(ChaosHistory.JSON.createObjectNode().put("do", "clearFaults"));
      all.add(ChaosHistory.JSON.createObjectNode().put("do", "sync").put("kind", "all"));
      for (int i = 0; i < all.size(); i++) {
        JsonNode step = all.get(i);
        String name = step.path("do").asText();
        String where = "step " + i + " " + step;
        if (name.equals("chaos")) {
          Trigger trigger = arm(step, admin);
          if (trigger != null) {
            armed.add(trigger);
          }
          continue;
        }
        if (name.equals("clearFaults")) {
          host.hostFaults().arm(0, FaultyHostContactDirectory.When.BEFORE_WRITE);
          armed.forEach(Trigger::cancel);
          armed.clear();
        }
        boolean runs = name.equals("sync") || name.equals("discover") || name.equals("confirm");
        if (runs) {
          armed.forEach(Trigger::start);
        }
        ObjectNode record;
        try {
          record = runner.step(step);
        } catch (IllegalStateException notFinished) {
          // A run that never finished: say what Temporal is waiting for, then give up on the history.
          throw new IllegalStateException(notFinished.getMessage() + " at " + where + "; " + pending(msp, tenants), notFinished);
        } finally {
          if (runs) {
            armed.forEach(Trigger::cancel);
            if (armed.removeIf(Trigger::fired)) {
              evictIdleConnections();
            }
          }
        }
        if (!record.path("ok").asBoolean(true)) {
          notes.add(i + ":" + name + " " + record.path("error").asText());
        }
        State after = State.read(host, msp, admin);
        Invariants.check(where, step, before, after, manual, violations);
        if (name.equals("sync") && record.path("ok").asBoolean(true)) {
          List<String> runIds = runner.runIds();
          if (!runIds.isEmpty()) {
            String runId = runIds.get(runIds.size() - 1);
            Invariants.counters(where, host, msp, runId, violations);
            // what the faults did to the run (evidence that they bit): a run not completed is noted
            host.storage().syncRuns().findRun(msp, runId).filter(r -> r.status() != RunStatus.COMPLETED)
                .ifPresent(r -> notes.add(step.path("do").asText() + "@" + step.path("kind").asText() + " "
                    + r.status().wireName()));
          }
        }
        Set<String> secrets = secrets();
        Invariants.noSecretInDatabase(where, admin, msp, secrets, violations);
        if (runs) {
          noSecretInHistories(where, msp, step, tenants, secrets, violations);
        }
        before = after;
      }
      Invariants.noSecretIn(where("logs"), logs.text(), secrets(), violations);
      if (workerKills.get() > 0) {
        notes.add("worker killed " + workerKills.get() + "x");
      }
      return new Outcome(violations, before.normalized(seededIds), notes);
    } catch (SQLException e) {
      throw new IllegalStateException("The chaos player could not read the host's database", e);
    } finally {
      armed.forEach(Trigger::cancel);
      host.graph().clearFaults();
      host.cipp().clearFaults();
      host.hostFaults().arm(0, FaultyHostContactDirectory.When.BEFORE_WRITE);
      tenants.forEach(t -> host.directory().removeTenant(t));
    }
  }

  private static String where(String what) {
    return "end of history (" + what + ")";
  }

  private Set<String> secrets() {
    Set<String> secrets = new HashSet<>(host.graph().issuedSecrets());
    secrets.add(ExampleHost.CIPP_TOKEN);
    secrets.add(host.graph().clientSecret());
    secrets.removeIf(s -> s == null || s.length() < 8);
    return secrets;
  }

  private void noSecretInHistories(String where, MspTenantId msp, JsonNode step, Set<String> tenants, Set<String> secrets,
      List<String> violations) {
    List<String> ids = new ArrayList<>();
    ids.add(WorkflowIds.discovery(msp));
    if (step.path("do").asText().equals("sync")) {
      SyncKind kind = WireNamed.fromWire(SyncKind.class, step.path("kind").asText());
      ids.add(WorkflowIds.forSync(msp, kind, step.path("clientId").asText(null), step.path("dryRun").asBoolean(false)));
    } else {
      ids.add(WorkflowIds.initial(msp));
    }
    for (String t : tenants) {
      ids.add(WorkflowIds.tenant(msp, EntraTenantId.of(t)));
      ids.add(WorkflowIds.tenantDryRun(msp, EntraTenantId.of(t)));
    }
    for (String id : ids) {
      byte[] raw;
      try {
        raw = host.workflowClient().fetchHistory(id).getHistory().toByteArray();
      } catch (RuntimeException notStarted) {
        continue;
      }
      // Payloads are raw bytes inside the protobuf: a secret's text shows as itself.
      Invariants.noSecretIn(where + " Temporal history " + id, new String(raw, StandardCharsets.ISO_8859_1), secrets, violations);
    }
  }

  /** What the MSP's open workflows are waiting for (pending activities and workflow tasks). */
  private String pending(MspTenantId msp, Set<String> tenants) {
    List<String> ids = new ArrayList<>(List.of(WorkflowIds.allTenants(msp), WorkflowIds.initial(msp), WorkflowIds.discovery(msp)));
    tenants.forEach(t -> ids.add(WorkflowIds.tenant(msp, EntraTenantId.of(t))));
    var stubs = host.workflowClient().getWorkflowServiceStubs().blockingStub();
    StringBuilder out = new StringBuilder();
    for (String id : ids) {
      try {
        var d = stubs.describeWorkflowExecution(io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default").setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(id))
            .build());
        out.append(id).append(": ").append(d.getWorkflowExecutionInfo().getStatus());
        d.getPendingActivitiesList().forEach(a -> out.append(" activity ").append(a.getActivityType().getName())
            .append(" ").append(a.getState()).append(" attempt ").append(a.getAttempt())
            .append(" last heartbeat ").append(a.getLastHeartbeatTime().getSeconds()));
        var events = host.workflowClient().fetchHistory(id).getEvents();
        events.subList(Math.max(0, events.size() - 6), events.size())
            .forEach(e -> out.append(" | ").append(e.getEventType().name().replace("EVENT_TYPE_", "")));
        if (d.hasPendingWorkflowTask()) {
          out.append(" workflow task ").append(d.getPendingWorkflowTask().getState()).append(" attempt ")
              .append(d.getPendingWorkflowTask().getAttempt());
        }
        out.append("; ");
      } catch (RuntimeException e) {
        // not started
      }
    }
    return out.toString();
  }

  private Trigger arm(JsonNode step, Connection admin) {
    String kind = step.path("kind").asText();
    int count = step.path("count").asInt(1);
    switch (kind) {
      case "hostWriteFails" -> host.hostFaults().arm(step.path("at").asInt(1),
          step.path("afterWrite").asBoolean() ? FaultyHostContactDirectory.When.AFTER_WRITE : FaultyHostContactDirectory.When.BEFORE_WRITE);
      case "graphHtml5xx" -> host.graph().htmlError(step.path("status").asInt(502), count);
      case "malformedRows" -> host.graph().entriesWithoutId(count);
      case "cippServerError" -> host.cipp().fault(CippEmulator.Fault.SERVER_ERROR, count);
      case "dropConnection" -> {
        return new Trigger(step.path("afterRequests").asInt(1), () -> dropConnections(admin));
      }
      case "killWorker" -> {
        return new Trigger(step.path("afterRequests").asInt(1), () -> {
          host.restartWorker();
          workerKills.incrementAndGet();
          return true;
        });
      }
      default -> throw new IllegalArgumentException("Unknown chaos step kind '" + kind + "'");
    }
    return null;
  }

  private void evictIdleConnections() {
    if (host.database().dataSource() instanceof org.entrasync.adapters.jdbi.testing.PooledDataSource pool) {
      pool.evictIdle();
    }
  }

  /** Terminates the backends of the host's database that are in the middle of something (not idle). */
  private boolean dropConnections(Connection admin) {
    synchronized (admin) {
      try (Statement s = admin.createStatement();
          ResultSet rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
              + "where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'")) {
        rs.next();
        return rs.getInt(1) > 0;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private int upstreamRequests() {
    return host.graph().requests().size() + host.cipp().requests().size();
  }

  private static Set<String> seededContactIds(JsonNode history) {
    Set<String> ids = new HashSet<>();
    history.path("host").path("contacts").forEach(c -> ids.add(c.path("id").asText()));
    history.path("steps").forEach(s -> {
      if (s.path("do").asText().equals("hostAddContact")) {
        ids.add(s.path("id").asText());
      }
    });
    return ids;
  }

  /**
   * Fires its action once, on a thread of its own, after the next {@code afterRequests} upstream
   * requests of the step it is started for (so in the middle of an activity: only activities call
   * upstream); the action is repeated every few milliseconds until it reports it did something.
   */
  private final class Trigger {
    private final int afterRequests;
    private final java.util.function.BooleanSupplier action;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean fired;
    private Thread thread;

    Trigger(int afterRequests, java.util.function.BooleanSupplier action) {
      this.afterRequests = afterRequests;
      this.action = action;
    }

    void start() {
      cancelled.set(false);
      int base = upstreamRequests();
      thread = new Thread(() -> {
        try {
          while (!cancelled.get() && upstreamRequests() - base < afterRequests) {
            Thread.sleep(2);
          }
          while (!cancelled.get() && !fired) {
            fired = action.getAsBoolean();
            Thread.sleep(1);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "chaos-trigger");
      thread.setDaemon(true);
      thread.start();
    }

    void cancel() {
      cancelled.set(true);
      if (thread != null) {
        try {
          thread.join(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    boolean fired() {
      return fired;
    }
  }

  /** What the invariants look at, read after every step. */
  record State(Map<String, HostContact> contacts, List<ContactLink> links, FieldSyncConfig fieldSync,
      Map<String, String> identities) {

    static State read(ExampleHost host, MspTenantId msp, Connection admin) {
      Map<String, HostContact> contacts = new HashMap<>();
      host.storage().referenceHostContacts().listContacts(msp).forEach(c -> contacts.put(c.id(), c));
      List<ContactLink> links = host.storage().contactLinks().listAll(msp);
      FieldSyncConfig fields = host.storage().syncSettings().get(msp).fieldSync();
      Map<String, String> identities = new HashMap<>();
      for (EmulatedTenant t : host.directory().tenants()) {
        for (EmulatedUser u : t.users()) {
          identities.put(u.id(), Boolean.FALSE.equals(u.accountEnabled()) ? "disabled" : "enabled");
        }
      }
      return new State(contacts, links, fields, identities);
    }

    /** Upstream state of an identity now: enabled, disabled, or deleted (not in the directory). */
    String identity(String objectId) {
      return identities.getOrDefault(objectId, "deleted");
    }

    Optional<ContactLink> activeLinkOf(String contactId) {
      return links.stream().filter(l -> l.active() && l.contactId().equals(contactId)).findFirst();
    }

    /** The host's contacts and the links, keyed so that two MSPs' plays of one history compare. */
    List<String> normalized(Set<String> seededIds) {
      Map<String, String> key = new HashMap<>();
      for (HostContact c : contacts.values()) {
        String k = c.id();
        if (!seededIds.contains(c.id())) {
          k = "created-for:" + activeLinkOf(c.id()).map(l -> l.objectId().value())
              .orElse("unlinked:" + c.email());
        }
        key.put(c.id(), k);
      }
      List<String> out = new ArrayList<>();
      for (HostContact c : contacts.values()) {
        out.add("contact " + key.get(c.id()) + " client=" + c.clientId() + " name=" + c.fullName() + " email=" + c.email()
            + " role=" + c.role() + " upn=" + c.userPrincipalName() + " phones=" + c.phones().stream()
                .map(p -> p.type().wireName() + ":" + p.number() + (p.isDefault() ? "*" : "")).sorted().toList()
            + " inactive=" + c.inactive() + " reason=" + c.inactiveReason()
            + " link=" + activeLinkOf(c.id()).map(l -> l.objectId().value()).orElse(null));
      }
      for (ContactLink l : links) {
        out.add("link " + l.objectId().value() + " -> " + key.getOrDefault(l.contactId(), "missing:" + l.contactId())
            + " active=" + l.active() + " syncInactivated=" + l.syncInactivated() + " pendingRemoval=" + l.pendingRemoval());
      }
      out.sort(Comparator.naturalOrder());
      return out;
    }
  }

  /** Every invariant of the issue, as checks that add a line per violation. */
  static final class Invariants {
    private Invariants() {}

    static void check(String where, JsonNode step, State before, State after, Set<String> manual, List<String> violations) {
      String name = step.path("do").asText();
      boolean hostStep = name.equals("hostEdit") || name.equals("hostAddContact");
      String edited = name.equals("hostEdit") ? step.path("contactId").asText() : null;
      // never deleted
      for (String id : before.contacts().keySet()) {
        if (!after.contacts().containsKey(id)) {
          violations.add(where + ": host contact " + id + " was deleted");
        } else if (!before.contacts().get(id).clientId().equals(after.contacts().get(id).clientId())) {
          violations.add(where + ": host contact " + id + " moved to another client");
        }
      }
      // one active link per contact, one contact per identity
      Map<String, Long> perContact = after.links().stream().filter(ContactLink::active)
          .collect(Collectors.groupingBy(ContactLink::contactId, Collectors.counting()));
      perContact.forEach((c, n) -> {
        if (n > 1) {
          violations.add(where + ": contact " + c + " has " + n + " active links");
        }
      });
      Map<String, Set<String>> perIdentity = new HashMap<>();
      after.links().stream().filter(ContactLink::active)
          .forEach(l -> perIdentity.computeIfAbsent(l.objectId().value(), k -> new HashSet<>()).add(l.contactId()));
      perIdentity.forEach((o, cs) -> {
        if (cs.size() > 1) {
          violations.add(where + ": identity " + o + " is linked to contacts " + cs);
        }
      });
      // a dry run writes nothing
      if (name.equals("sync") && step.path("dryRun").asBoolean(false)) {
        if (!before.contacts().equals(after.contacts())) {
          violations.add(where + ": a dry run changed host contacts");
        }
      }
      for (Map.Entry<String, HostContact> e : after.contacts().entrySet()) {
        String id = e.getKey();
        HostContact now = e.getValue();
        HostContact was = before.contacts().get(id);
        boolean editedHere = hostStep && id.equals(edited);
        if (editedHere && step.path("set").has("inactive")) {
          if (step.path("set").path("inactive").asBoolean()) {
            manual.add(id);
          } else {
            manual.remove(id);
          }
        }
        if (was == null || editedHere) {
          continue;
        }
        // inactivated by the sync only when its identity is disabled or deleted upstream
        if (!was.inactive() && now.inactive()) {
          Optional<ContactLink> link = before.activeLinkOf(id).or(() -> after.activeLinkOf(id));
          String upstream = link.map(l -> after.identity(l.objectId().value())).orElse("no identity");
          if (!upstream.equals("disabled") && !upstream.equals("deleted")) {
            violations.add(where + ": contact " + id + " was inactivated (" + now.inactiveReason() + ") but its identity is "
                + upstream);
          }
        }
        // a manual inactivation is never undone
        if (manual.contains(id) && !now.inactive()) {
          violations.add(where + ": contact " + id + ", inactivated by hand, was reactivated");
          manual.remove(id);
        }
        // no field whose toggle stayed off changed
        FieldSyncConfig a = before.fieldSync();
        FieldSyncConfig b = after.fieldSync();
        fieldKept(where, id, "fullName", !a.displayName() && !b.displayName(), was.fullName(), now.fullName(), violations);
        fieldKept(where, id, "email", !a.email() && !b.email(), was.email(), now.email(), violations);
        fieldKept(where, id, "role", !a.jobTitle() && !b.jobTitle(), was.role(), now.role(), violations);
        fieldKept(where, id, "phones", !a.phone() && !b.phone(), was.phones(), now.phones(), violations);
        fieldKept(where, id, "userPrincipalName", !a.upn() && !b.upn(), was.userPrincipalName(), now.userPrincipalName(),
            violations);
      }
    }

    private static void fieldKept(String where, String id, String field, boolean off, Object was, Object now,
        List<String> violations) {
      if (off && !java.util.Objects.equals(was, now)) {
        violations.add(where + ": contact " + id + " " + field + " changed from " + was + " to " + now + " with its toggle off");
      }
    }

    /** Counters: no negative bucket, and a finished run's counters are the sum of its tenants'. */
    static void counters(String where, ExampleHost host, MspTenantId msp, String runId, List<String> violations) {
      Optional<SyncRun> run = host.storage().syncRuns().findRun(msp, runId);
      if (run.isEmpty()) {
        return;
      }
      List<TenantSyncResult> tenants = host.storage().syncRuns().tenantResults(msp, runId);
      SyncCounters sum = SyncCounters.ZERO;
      for (TenantSyncResult t : tenants) {
        sum = sum.plus(t.counters());
        SyncCounters c = t.counters();
        if (c.created() < 0 || c.linked() < 0 || c.updated() < 0 || c.unchanged() < 0 || c.ambiguous() < 0
            || c.inactivated() < 0 || c.reactivated() < 0 || c.skipped() < 0) {
          violations.add(where + ": tenant " + t.tenantId().value() + " has a negative counter " + c);
        }
        // Every eligible identity lands in a bucket (a delta round counts its unheard queued identities as ambiguous).
        if (t.status() == TenantRunStatus.COMPLETED && t.eligibleUsers() != null && !run.get().dryRun()
            && c.total() < t.eligibleUsers()) {
          violations.add(where + ": tenant " + t.tenantId().value() + " counts " + c + " for " + t.eligibleUsers()
              + " eligible users");
        }
      }
      RunStatus status = run.get().status();
      if (status != RunStatus.RUNNING && status != RunStatus.QUEUED && !sum.equals(run.get().counters())) {
        violations.add(where + ": run counters " + run.get().counters() + " are not the sum of its tenants' " + sum);
      }
    }

    static void noSecretInDatabase(String where, Connection admin, MspTenantId msp, Set<String> secrets,
        List<String> violations) {
      synchronized (admin) {
        try (Statement s = admin.createStatement()) {
          // table -> whether its rows carry the MSP tenant (then only this MSP's rows are read: the
          // database holds every history of the campaign)
          Map<String, Boolean> tables = new java.util.TreeMap<>();
          try (ResultSet rs = s.executeQuery("select t.table_name, exists (select 1 from information_schema.columns c "
              + "where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'msp_tenant_id') "
              + "from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE'")) {
            while (rs.next()) {
              tables.put(rs.getString(1), rs.getBoolean(2));
            }
          }
          java.sql.Array wanted = admin.createArrayOf("text", secrets.toArray());
          for (Map.Entry<String, Boolean> table : tables.entrySet()) {
            try (java.sql.PreparedStatement p = admin.prepareStatement("select count(*) from " + table.getKey()
                + " t where " + (table.getValue() ? "t.msp_tenant_id = ? and " : "? is not null and ")
                + "exists (select 1 from unnest(?::text[]) s where strpos(t::text, s) > 0)")) {
              p.setString(1, msp.value());
              p.setArray(2, wanted);
              try (ResultSet rs = p.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                  violations.add(where + ": table " + table.getKey() + " holds a secret in " + rs.getInt(1) + " rows");
                }
              }
            }
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    static void noSecretIn(String where, String text, Set<String> secrets, List<String> violations) {
      for (String secret : secrets) {
        if (text.contains(secret)) {
          violations.add(where + ": holds a secret (" + secret.substring(0, 4) + "...)");
        }
      }
    }
  }
}
