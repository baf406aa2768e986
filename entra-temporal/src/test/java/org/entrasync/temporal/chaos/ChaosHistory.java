package org.entrasync.temporal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A history from a seed: a scenario document (FORMAT.md) whose steps interleave directory changes,
 * host edits, operator actions and syncs of every kind with faults of every class, plus the chaos
 * steps only {@link ChaosPlayer} plays ({@code {"do": "chaos", "kind": ...}}: host-side faults and
 * emulator faults the scenario format has no kind for). Faults are {@link #isFault marked}, so the
 * same history can be played without them.
 *
 * <p>Shape: connect, discover, confirm, initial sync; then rounds of a few events and a sync. A round
 * with faults arms them, syncs, clears them (reconnecting after a fault that costs the connection) and
 * syncs again, so the operator's next actions meet the state a fault-free history would have reached
 * and the two plays stay comparable step by step. The generator keeps its own model of the directory
 * and the host so that its steps name users and contacts that exist.
 */
public final class ChaosHistory {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
      "Margaret", "Niklaus", "Radia", "Tim", "Hedy", "John", "Karen", "Leslie"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
      "Thompson", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Jones", "Lamport"};
  private static final String[] TITLES = {"Engineer", "Director", "Accountant", "Analyst", "Manager", null};
  private static final String[] CIPP_TEXTS = {
      "Could not get token: invalid_grant:AADSTS50020: User account from identity provider does not exist in tenant.",
      "Insufficient privileges to complete the operation."};

  /**
   * Whether histories kill the worker mid-activity (on by default; {@code
   * -Dentrasync.chaos.killWorker=false} turns it off, and that fault then draws a dropped connection).
   * The chaos host's worker runs without sticky execution for it ({@link org.entrasync.temporal.example.ExampleHost#forChaos}).
   */
  static final boolean KILL_WORKER = Boolean.parseBoolean(System.getProperty("entrasync.chaos.killWorker", "true"));

  private final Random random;
  private final long seed;
  private final String connection;
  private final List<Tenant> tenants = new ArrayList<>();
  private final List<Contact> contacts = new ArrayList<>();
  private final ArrayNode steps = JSON.createArrayNode();
  private final Map<String, Boolean> toggles = new LinkedHashMap<>();
  private String current;
  private int contactSequence;

  private ChaosHistory(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.connection = random.nextBoolean() ? "direct" : "cipp";
    this.current = connection;
  }

  /** The history of {@code seed}: the same seed, the same document. */
  public static ObjectNode generate(long seed) {
    return new ChaosHistory(seed).build();
  }

  /** Whether a step is a fault (or clears faults): left out when the history is played without faults. */
  public static boolean isFault(JsonNode step) {
    String d = step.path("do").asText();
    return d.equals("fault") || d.equals("chaos") || d.equals("clearFaults");
  }

  /** The history without its faults: the reference its end state must equal. */
  public static ObjectNode withoutFaults(JsonNode history) {
    ObjectNode copy = history.deepCopy();
    ArrayNode kept = JSON.createArrayNode();
    history.path("steps").forEach(s -> {
      if (!isFault(s)) {
        kept.add(s);
      }
    });
    copy.set("steps", kept);
    return copy;
  }

  private ObjectNode build() {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("name", "chaos-" + seed);
    doc.put("connection", connection);
    ObjectNode settings = doc.putObject("settings");
    ObjectNode fields = settings.putObject("fieldSync");
    for (String t : List.of("displayName", "email", "phone", "jobTitle", "upn")) {
      boolean on = random.nextBoolean();
      toggles.put(t, on);
      fields.put(t, on);
    }
    settings.put("markInactiveWhenDisabled", random.nextInt(5) > 0);
    if (random.nextInt(3) == 0) {
      settings.putArray("excludePatterns").add("^scanner@");
    }
    ArrayNode tenantNodes = doc.putObject("directory").putArray("tenants");
    ObjectNode host = doc.putObject("host");
    ArrayNode clientNodes = host.putArray("clients");
    ArrayNode contactNodes = host.putArray("contacts");
    int tenantCount = 2 + random.nextInt(2);
    for (int i = 0; i < tenantCount; i++) {
      Tenant t = new Tenant(uuid(), "T" + i + " " + LAST[random.nextInt(LAST.length)] + " Ltd",
          "t" + i + "-" + Long.toHexString(seed & 0xffffffL) + ".example", "client-" + i);
      tenants.add(t);
      ObjectNode tn = tenantNodes.addObject().put("tenantId", t.id).put("displayName", t.name).put("defaultDomainName", t.domain);
      ArrayNode users = tn.putArray("users");
      int userCount = 3 + random.nextInt(4);
      for (int u = 0; u < userCount; u++) {
        // a scanning device's mailbox now and then (the exclude pattern's business); mail is unique in a tenant
        User user = newUser(t, random.nextInt(8) == 0 ? "scanner" + u : null);
        if (random.nextInt(10) == 0) {
          user.enabled = false;
        }
        users.add(user.json());
      }
      clientNodes.addObject().put("id", t.clientId).put("name", t.name).put("url", "https://www." + t.domain)
          .putNull("billingEmail").putArray("inboundDomains");
      // The host already knows some of the tenant's people, a few of them twice (ambiguous).
      for (User user : t.users.values()) {
        int roll = random.nextInt(10);
        if (roll < 4) {
          contactNodes.add(newContact(t, user.mail, roll == 0 ? "  " + user.mail.toUpperCase(Locale.ROOT) : user.mail).json());
        }
        if (roll == 1) {
          contactNodes.add(newContact(t, user.mail, user.mail).json());
        }
      }
    }

    step("connect");
    step("discover");
    ObjectNode confirm = step("confirm");
    ArrayNode decisions = confirm.putArray("decisions");
    tenants.forEach(t -> decisions.addObject().put("tenantId", t.id).put("clientId", t.clientId));
    step("sync").put("kind", "initial");

    int rounds = 3 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      int events = 1 + random.nextInt(3);
      for (int e = 0; e < events; e++) {
        event();
      }
      if (random.nextInt(10) < 7) {
        faultRound();
      } else {
        plainSync();
      }
    }
    doc.set("steps", steps);
    return doc;
  }

  // ---- events --------------------------------------------------------------------------------

  private void event() {
    int roll = random.nextInt(100);
    if (roll < 45) {
      directoryChange();
    } else if (roll < 65) {
      hostEdit();
    } else if (roll < 70) {
      duplicateContact();
    } else if (roll < 85) {
      operatorAction();
    } else if (roll < 95) {
      toggle();
    } else {
      switchConnection();
    }
  }

  private void directoryChange() {
    Tenant t = pick(tenants);
    ObjectNode s = step("directory").put("tenantId", t.id);
    List<User> live = t.live();
    int roll = random.nextInt(100);
    if (live.isEmpty() || roll < 15) {
      User u = newUser(t, null);
      // sometimes someone the host already has a contact for, under another name
      if (random.nextInt(3) == 0 && !contacts.isEmpty()) {
        Contact c = pick(contacts.stream().filter(x -> x.tenant == t).toList(), null);
        if (c != null && t.users.values().stream().noneMatch(x -> x.mail.equalsIgnoreCase(c.email.strip()))) {
          u.mail = c.email.strip().toLowerCase(Locale.ROOT);
          u.upn = u.mail;
        }
      }
      s.putArray("upsert").add(u.json());
    } else if (roll < 35) {
      User u = pick(live);
      switch (random.nextInt(4)) {
        case 0 -> u.displayName = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        case 1 -> u.jobTitle = TITLES[random.nextInt(TITLES.length)];
        case 2 -> u.mobile = random.nextBoolean() ? null : "+1 555 " + (1000 + random.nextInt(9000));
        default -> u.business = random.nextBoolean() ? List.of() : List.of("+1 555 " + (1000 + random.nextInt(9000)));
      }
      s.putArray("upsert").add(u.json());
    } else if (roll < 50) {
      User u = pick(live);
      u.enabled = !u.enabled;
      s.putArray(u.enabled ? "enable" : "disable").add(u.id);
    } else if (roll < 62) {
      // one deleted, or (rarely) most of the tenant at once: the deletion valve's business
      List<User> gone = random.nextInt(5) == 0 ? live.subList(0, Math.max(1, live.size() * 2 / 3)) : List.of(pick(live));
      ArrayNode ids = s.putArray("delete");
      for (User u : List.copyOf(gone)) {
        u.deleted = true;
        ids.add(u.id);
      }
    } else if (roll < 72) {
      List<User> deleted = t.users.values().stream().filter(u -> u.deleted).toList();
      if (deleted.isEmpty()) {
        User u = pick(live);
        u.enabled = false;
        s.putArray("disable").add(u.id);
      } else {
        User u = pick(deleted);
        u.deleted = false;
        s.putArray("upsert").add(u.json());
      }
    } else if (roll < 86) {
      User u = pick(live);
      String local = FIRST[random.nextInt(FIRST.length)].toLowerCase(Locale.ROOT) + "." + random.nextInt(1000);
      u.mail = local + "@" + t.domain;
      u.upn = u.mail;
      s.putArray("upsert").add(u.json());
    } else {
      User u = pick(live);
      u.aliases.add("smtp:alias" + random.nextInt(1000) + "@" + t.domain);
      s.putArray("upsert").add(u.json());
    }
  }

  private void hostEdit() {
    if (contacts.isEmpty()) {
      directoryChange();
      return;
    }
    Contact c = pick(contacts);
    ObjectNode set = step("hostEdit").put("contactId", c.id).putObject("set");
    switch (random.nextInt(4)) {
      case 0 -> set.put("inactive", c.inactive = !c.inactive);
      case 1 -> set.put("fullName", "Edited " + LAST[random.nextInt(LAST.length)]);
      case 2 -> set.put("role", "Edited role " + random.nextInt(100));
      default -> set.putArray("phones").addObject().put("number", "+44 20 " + (1000 + random.nextInt(9000)))
          .put("type", random.nextBoolean() ? "other" : "work");
    }
  }

  private void duplicateContact() {
    Tenant t = pick(tenants);
    List<User> live = t.live();
    if (live.isEmpty()) {
      return;
    }
    User u = pick(live);
    ObjectNode s = step("hostAddContact");
    s.setAll(newContact(t, u.mail, u.mail).json());
  }

  private void operatorAction() {
    int roll = random.nextInt(10);
    Tenant t = pick(tenants);
    if (roll < 2) {
      step("approveDeletions").put("tenantId", t.id);
      return;
    }
    // An identity the host has several contacts for is queued for review by a sync; resolve or dismiss it.
    List<Contact> candidates = contacts.stream().filter(c -> c.tenant == t).toList();
    Map<String, List<Contact>> byEmail = new LinkedHashMap<>();
    candidates.forEach(c -> byEmail.computeIfAbsent(c.email.strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(c));
    List<User> queued = t.users.values().stream()
        .filter(u -> byEmail.getOrDefault(u.mail.toLowerCase(Locale.ROOT), List.of()).size() > 1).toList();
    if (queued.isEmpty()) {
      step("approveDeletions").put("tenantId", t.id);
      return;
    }
    User u = pick(queued);
    if (roll < 5) {
      step("resolve").put("entraObjectId", u.id).put("contactId", pick(byEmail.get(u.mail.toLowerCase(Locale.ROOT))).id);
    } else if (roll < 7) {
      step("resolve").put("entraObjectId", u.id).put("createNew", true);
    } else {
      step("dismiss").put("entraObjectId", u.id);
    }
  }

  private void toggle() {
    String t = List.copyOf(toggles.keySet()).get(random.nextInt(toggles.size()));
    boolean on = !toggles.get(t);
    toggles.put(t, on);
    step("settings").putObject("fieldSync").put(t, on);
  }

  private void switchConnection() {
    current = current.equals("direct") ? "cipp" : "direct";
    step("switchConnection").put("to", current);
  }

  // ---- syncs and faults ----------------------------------------------------------------------

  private void plainSync() {
    ObjectNode s = step("sync");
    int roll = random.nextInt(10);
    if (roll < 4) {
      s.put("kind", "all");
    } else if (roll < 7) {
      s.put("kind", "scheduled");
    } else if (roll < 9) {
      s.put("kind", "client").put("clientId", pick(tenants).clientId);
    } else {
      s.put("kind", "all").put("dryRun", true);
    }
  }

  private void faultRound() {
    boolean reconnect = false;
    int faults = 1 + random.nextInt(2);
    for (int i = 0; i < faults; i++) {
      reconnect |= fault();
    }
    plainSync();
    step("clearFaults");
    if (reconnect) {
      step("connect");
    }
    step("sync").put("kind", "all");
  }

  /** Arms one fault; true when it costs the connection (the operator signs in again afterwards). */
  private boolean fault() {
    int roll = random.nextInt(100);
    if (roll < 24) {
      return hostFault();
    }
    return current.equals("direct") ? graphFault() : cippFault();
  }

  private boolean hostFault() {
    int roll = random.nextInt(3);
    ObjectNode s = step("chaos");
    switch (roll) {
      case 0 -> s.put("kind", "hostWriteFails").put("at", 1 + random.nextInt(6)).put("afterWrite", random.nextBoolean());
      case 1 -> s.put("kind", "dropConnection").put("afterRequests", 1 + random.nextInt(4));
      default -> s.put("kind", KILL_WORKER ? "killWorker" : "dropConnection").put("afterRequests", 1 + random.nextInt(4));
    }
    return false;
  }

  private boolean graphFault() {
    int roll = random.nextInt(100);
    if (roll < 15) {
      fault("graph", "throttle").put("count", 1 + random.nextInt(3)).put("retryAfterSeconds", random.nextInt(6) == 0 ? 11 : 1);
    } else if (roll < 25) {
      fault("graph", "unavailable").put("count", 1 + random.nextInt(2));
    } else if (roll < 33) {
      step("chaos").put("kind", "graphHtml5xx").put("status", random.nextBoolean() ? 502 : 504).put("count", 1);
    } else if (roll < 43) {
      fault("graph", "expirePageToken").put("count", 1);
    } else if (roll < 53) {
      fault("graph", "partialDelta");
    } else if (roll < 61) {
      fault("graph", "truncatePaging").put("count", 1);
    } else if (roll < 68) {
      fault("graph", "malformed").put("count", 1);
    } else if (roll < 74) {
      step("chaos").put("kind", "malformedRows").put("count", 1);
    } else if (roll < 80) {
      fault("identity", "throttle").put("count", 1);
    } else if (roll < 88) {
      fault("identity", "customerTokenError").put("tenantId", pick(tenants).id).put("aadsts", "50020");
    } else if (roll < 94) {
      fault("identity", "revokeRefreshToken");
      return true;
    } else {
      fault("graph", "rejectToken");
      return true;
    }
    return false;
  }

  private boolean cippFault() {
    int roll = random.nextInt(100);
    if (roll < 15) {
      fault("cipp", "throttle").put("count", 1 + random.nextInt(2)).put("retryAfterSeconds", random.nextInt(6) == 0 ? 11 : 1);
    } else if (roll < 27) {
      fault("cipp", "slow").put("count", 1).put("seconds", 1 + random.nextInt(4));
    } else if (roll < 37) {
      fault("cipp", "unavailable").put("count", 1 + random.nextInt(2));
    } else if (roll < 45) {
      step("chaos").put("kind", "cippServerError").put("count", 1);
    } else if (roll < 55) {
      fault("cipp", "expirePageToken").put("count", 1);
    } else if (roll < 63) {
      fault("cipp", "truncatePaging").put("count", 1);
    } else if (roll < 71) {
      fault("cipp", "malformed").put("count", 1);
    } else if (roll < 85) {
      fault("cipp", "tenantError").put("tenantId", pick(tenants).id).put("text", CIPP_TEXTS[random.nextInt(CIPP_TEXTS.length)]);
    } else if (roll < 93) {
      fault("cipp", "rejectToken");
      return true;
    } else {
      fault("cipp", "revokeRefreshToken");
      return true;
    }
    return false;
  }

  private ObjectNode fault(String target, String kind) {
    return step("fault").put("target", target).put("kind", kind);
  }

  // ---- model ---------------------------------------------------------------------------------

  private ObjectNode step(String name) {
    return steps.addObject().put("do", name);
  }

  private User newUser(Tenant t, String localPart) {
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    User u = new User(uuid());
    String local = localPart != null ? localPart : (first + "." + last).toLowerCase(Locale.ROOT).replace("-", "") + random.nextInt(100);
    u.mail = local + "@" + t.domain;
    u.upn = u.mail;
    u.displayName = first + " " + last;
    u.given = first;
    u.surname = last;
    u.jobTitle = TITLES[random.nextInt(TITLES.length)];
    u.mobile = random.nextBoolean() ? "+1 555 " + (1000 + random.nextInt(9000)) : null;
    u.business = random.nextBoolean() ? List.of("+1 555 " + (1000 + random.nextInt(9000))) : List.of();
    t.users.put(u.id, u);
    return u;
  }

  private Contact newContact(Tenant t, String email, String written) {
    Contact c = new Contact("contact-" + (++contactSequence), t, written);
    c.fullName = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)].charAt(0) + ".";
    c.role = random.nextBoolean() ? "Local role" : null;
    c.otherPhone = random.nextBoolean() ? "+44 20 " + (1000 + random.nextInt(9000)) : null;
    contacts.add(c);
    return c;
  }

  private String uuid() {
    return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L, random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L)
        .toString();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private <T> T pick(List<T> from, T none) {
    return from.isEmpty() ? none : pick(from);
  }

  private static final class Tenant {
    final String id;
    final String name;
    final String domain;
    final String clientId;
    final Map<String, User> users = new LinkedHashMap<>();

    Tenant(String id, String name, String domain, String clientId) {
      this.id = id;
      this.name = name;
      this.domain = domain;
      this.clientId = clientId;
    }

    List<User> live() {
      return users.values().stream().filter(u -> !u.deleted).toList();
    }
  }

  private static final class User {
    final String id;
    String upn;
    String mail;
    String displayName;
    String given;
    String surname;
    boolean enabled = true;
    boolean deleted;
    String jobTitle;
    String mobile;
    List<String> business = List.of();
    final List<String> aliases = new ArrayList<>();

    User(String id) {
      this.id = id;
    }

    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode().put("id", id).put("userPrincipalName", upn).put("mail", mail)
          .put("displayName", displayName).put("givenName", given).put("surname", surname).put("accountEnabled", enabled)
          .put("userType", "Member").put("jobTitle", jobTitle).put("mobilePhone", mobile).put("assignedLicenses", 1);
      ArrayNode phones = n.putArray("businessPhones");
      business.forEach(phones::add);
      ArrayNode proxies = n.putArray("proxyAddresses");
      proxies.add("SMTP:" + mail);
      aliases.forEach(proxies::add);
      return n;
    }
  }

  private static final class Contact {
    final String id;
    final Tenant tenant;
    final String email;
    String fullName;
    String role;
    String otherPhone;
    boolean inactive;

    Contact(String id, Tenant tenant, String email) {
      this.id = id;
      this.tenant = tenant;
      this.email = email;
    }

    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode().put("id", id).put("clientId", tenant.clientId).put("fullName", fullName)
          .put("email", email).put("role", role).put("inactive", false);
      ArrayNode phones = n.putArray("phones");
      if (otherPhone != null) {
        phones.addObject().put("number", otherPhone).put("type", "other");
      }
      return n;
    }
  }
}
