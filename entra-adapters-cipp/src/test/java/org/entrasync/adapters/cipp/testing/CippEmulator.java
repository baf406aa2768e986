package org.entrasync.adapters.cipp.testing;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;

/**
 * A stateful local CIPP-API over an {@link EmulatedDirectory} (the same model the Graph emulator
 * serves, so one scenario gives the same users on either connection), speaking the wire format
 * recorded in {@code shared/contracts/cipp.md}:
 *
 * <ul>
 *   <li>{@code GET|POST /api/ListTenants}: a bare array of CIPP tenant rows sorted by display name,
 *       with the {@code *Partner Tenant} row (no {@code delegatedPrivilegeStatus}) unless switched
 *       off, or CIPP's error row on demand ({@link #tenantListError});
 *   <li>{@code GET /api/ListUsers?tenantFilter=}: a bare array of Graph beta users plus CIPP's
 *       additions ({@code username}, {@code Aliases}, {@code LicJoined}, {@code primDomain} as an
 *       object or, configurably, a string, {@code onPremisesSyncEnabled} as a bool). The filter
 *       matches a tenant id, default domain or initial domain; an unknown tenant gets {@code []};
 *       {@code AllTenants} gets CIPP's deprecation message row. Rows are written by a streaming
 *       generator from the tenant a chunk at a time, so a 50,000-user tenant never exists as a tree
 *       or a list (MockWebServer still holds the encoded bytes of one response in a buffer);
 *   <li>{@code GET /api/ListGraphRequest?tenantFilter=&Endpoint=users&$select=&$top=&manualPagination=true[&nextLink=]}:
 *       CIPP's Graph proxy, {@code {Results:[...], Metadata:{..., nextLink?}}}, one Graph page per
 *       answer with keyed page tokens that can expire; failures are 400 {@code Graph Error: ... -
 *       Endpoint: users} in plain text;
 *   <li>CIPP's build time before the first byte ({@link #buildTimePerUser}: ListUsers gathers the
 *       whole tenant first) and Azure's cut at 230 s ({@link #responseCut}), scaled down in tests;
 *   <li>per-tenant failures as CIPP reports them ({@link #tenantError}), and single-tenant mode
 *       ({@link #ownTenantMode});
 *   <li>query parameter names and endpoint names are case-insensitive, as in CIPP; unknown
 *       endpoints get 404 {@code "Endpoint not found"};
 *   <li>every {@code /api} call needs {@code Authorization: Bearer <token>} with a token from
 *       {@link #acceptToken} or issued by the token endpoint; otherwise 401 with a plain-text
 *       (non-JSON) body, as App Service authentication answers;
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}: the Microsoft identity platform's
 *       client-credentials grant for clients added with {@link #registerClient}, so point {@code
 *       CippConnectionConfig.tokenAuthority} at {@link #tokenAuthority()};
 *   <li>fault injection ({@link #fault}), {@link #clearFaults()}, and a request log ({@link
 *       #requests()}).
 * </ul>
 *
 * Thread-safe.
 */
public final class CippEmulator implements AutoCloseable {

  /** A way to misbehave. Counted faults hit the next {@code count} matching {@code /api} requests. */
  public enum Fault {
    /** 500 with a plain-text body reporting Graph throttling ("Too many requests", "throttled"). */
    THROTTLE,
    /**
     * 429 with {@code Retry-After: }{@link #retryAfterSeconds} (the Functions host's own HTTP throttle,
     * {@code host.json} {@code maxOutstandingRequests} / {@code dynamicThrottlesEnabled}).
     */
    TOO_MANY_REQUESTS,
    /** 503 "Function host is not running." (the Function App is down). */
    UNAVAILABLE,
    /** 500 with an unrelated plain-text error from a handler. */
    SERVER_ERROR,
    /** 403 plain text: the API client's role lacks the permission (see {@link #forbiddenText}). */
    FORBIDDEN,
    /** 403 plain text "Access to this tenant is not allowed" (a custom role blocks the tenant). */
    TENANT_FORBIDDEN,
    /** 200 whose JSON stops in the middle (a complete HTTP response with a cut-off body). */
    TRUNCATED,
    /** 200 and the connection drops half-way through the body. */
    DISCONNECT,
    /** 200 whose body is not valid JSON after the first row. */
    MALFORMED,
    /** The response starts only after {@link #slowDelay} (default 2 s). */
    SLOW,
    /**
     * The next ListGraphRequest continuations (a {@code nextLink} is passed back) answer CIPP's 400
     * for Graph's {@code Directory_ExpiredPageToken}.
     */
    EXPIRE_PAGE_TOKEN,
    /** Every bearer token is refused (401) until {@link #clearFaults()}. */
    REJECT_TOKEN,
    /** The token endpoint refuses every client (401 invalid_client, expired secret) until cleared. */
    REJECT_CLIENT;

    /** The fault of a scenario step ({@code fault} with {@code target: cipp}). */
    public static Fault fromScenarioKind(String kind) {
      switch (Objects.requireNonNull(kind, "kind")) {
        case "throttle":
          return TOO_MANY_REQUESTS;
        case "slow":
          return SLOW;
        case "expirePageToken":
          return EXPIRE_PAGE_TOKEN;
        case "unavailable":
          return UNAVAILABLE;
        case "rejectToken":
          return REJECT_TOKEN;
        case "revokeRefreshToken":
          return REJECT_CLIENT;
        case "truncatePaging":
          return TRUNCATED;
        case "malformed":
          return MALFORMED;
        default:
          throw new IllegalArgumentException("Unknown CIPP fault kind '" + kind + "'");
      }
    }

    boolean persistent() {
      return this == REJECT_TOKEN || this == REJECT_CLIENT;
    }
  }

  /**
   * One request as the emulator saw it.
   *
   * @param path the path exactly as sent (casing preserved)
   * @param query query parameters with their names exactly as sent
   * @param bearerToken the bearer token sent, or null
   * @param headerNames header names in lower case
   * @param body the request body for {@code /api} calls; null for the token endpoint (it holds a
   *     secret); {@code formFields} holds the token request's fields without the secret
   */
  public record LoggedRequest(String method, String path, Map<String, String> query, String bearerToken,
      Set<String> headerNames, String body, Map<String, String> formFields, int status) {

    public boolean isTokenRequest() {
      return path.endsWith("/oauth2/v2.0/token");
    }

    /** The endpoint name of an {@code /api/<Name>} call (as sent), else null. */
    public String endpoint() {
      return path.regionMatches(true, 0, "/api/", 0, 5) ? path.substring(5) : null;
    }
  }

  private record ActiveFault(Fault kind, String endpoint, int[] remaining) {}

  private record Client(String clientId, String secret, String tenantId) {}

  private record Canned(String endpoint, int status, String contentType, String body) {}

  private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
  /** Azure ends an HTTP-triggered function's answer after 230 s whatever {@code functionTimeout} says. */
  public static final Duration AZURE_RESPONSE_CUT = Duration.ofSeconds(230);
  /** What the App Service front end answers when it cuts a request (the body CIPP never got to send). */
  static final String CUT_BODY = "<html><head><title>500 - The request timed out.</title></head><body><h1>500 - The"
      + " request timed out.</h1><p>The web server failed to respond within the specified time.</p></body></html>";
  /** The Graph properties of a user when no {@code $select} is given (a subset of beta's default set). */
  private static final List<String> DEFAULT_SELECT = List.of("id", "businessPhones", "displayName", "givenName",
      "jobTitle", "mail", "mobilePhone", "surname", "userPrincipalName", "accountEnabled", "assignedLicenses",
      "proxyAddresses", "userType");
  private static final String GRAPH_LIST_SCRIPT =
      "C:\\home\\site\\wwwroot\\Modules\\CIPPCore\\Public\\GraphRequests\\Get-GraphRequestList.ps1:353";
  private static final String EXPIRED_PAGE_TOKEN =
      "The specified page token value has expired and can no longer be included in your request.";
  private static final String PARTNER_NAME = "*Partner Tenant";
  private static final String[][] SKUS = {
    {"f245ecc8-75af-4f8e-b61f-27d8114de5f3", "Microsoft 365 Business Standard"},
    {"cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46", "Microsoft 365 Business Premium"},
    {"4b9405b0-7788-4568-add1-99614e613b69", "Exchange Online (Plan 1)"},
  };

  private final EmulatedDirectory directory;
  private final MockWebServer server = new MockWebServer();
  private final JsonFactory json = new JsonFactory();
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger issuedCount = new AtomicInteger();
  private final List<LoggedRequest> log = new CopyOnWriteArrayList<>();

  private final Set<String> acceptedTokens = new HashSet<>();
  private final Set<String> issuedTokens = new HashSet<>();
  private final Map<String, Client> clients = new HashMap<>();
  private final List<ActiveFault> faults = new ArrayList<>();
  private final Deque<Canned> canned = new ArrayDeque<>();
  private Duration tokenLifetime = Duration.ofMinutes(60);
  private Duration slowDelay = Duration.ofSeconds(2);
  private long retryAfterSeconds = 1;
  private Duration buildTimePerUser = Duration.ZERO;
  private Duration responseCut = AZURE_RESPONSE_CUT;
  private boolean cutByDisconnect;
  private Duration pageTokenLifetime;
  private String ownTenantId;
  private final Map<String, String> tenantErrors = new HashMap<>();
  private int entriesWithoutId;
  private final Set<String> accountEnabledAsText = new HashSet<>();
  private boolean partnerRow = true;
  private String partnerTenantId = "f0000000-0000-4000-8000-00000000f00d";
  private String tenantListError;
  private boolean primDomainAsString;
  private String forbiddenText =
      "Access to this CIPP API endpoint is not allowed, the API client does not have the required permission:"
          + " Identity.User.Read";
  private boolean started;

  public CippEmulator(EmulatedDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handle(request);
      }
    });
  }

  /** Starts listening on a free loopback port. */
  public synchronized CippEmulator start() {
    if (!started) {
      try {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      started = true;
    }
    return this;
  }

  /** The CIPP-API base URL to connect with, e.g. {@code http://127.0.0.1:50123}. */
  public String baseUrl() {
    start();
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The token authority to configure ({@code CippConnectionConfig.tokenAuthority}). */
  public String tokenAuthority() {
    return baseUrl();
  }

  public EmulatedDirectory directory() {
    return directory;
  }

  // ------------------------------------------------------------------ configuration

  /** Accepts {@code token} as a valid bearer token (a token an MSP pasted). */
  public synchronized CippEmulator acceptToken(String token) {
    acceptedTokens.add(token);
    return this;
  }

  /** Stops accepting {@code token} (accepted or issued). */
  public synchronized CippEmulator revokeToken(String token) {
    acceptedTokens.remove(token);
    issuedTokens.remove(token);
    return this;
  }

  /** Every token issued by the token endpoint so far stops working (as if expired). */
  public synchronized CippEmulator revokeIssuedTokens() {
    issuedTokens.clear();
    return this;
  }

  /** A CIPP API client that may use the client-credentials grant. */
  public synchronized CippEmulator registerClient(String clientId, String clientSecret, String tenantId) {
    clients.put(clientId.toLowerCase(Locale.ROOT), new Client(clientId, clientSecret, tenantId));
    return this;
  }

  /** The {@code expires_in} of issued tokens (default 60 min). */
  public synchronized CippEmulator tokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
    return this;
  }

  /** Whether ListTenants includes the {@code *Partner Tenant} row (default true). */
  public synchronized CippEmulator partnerRow(boolean listed) {
    this.partnerRow = listed;
    return this;
  }

  public synchronized CippEmulator partnerTenantId(String tenantId) {
    this.partnerTenantId = tenantId;
    return this;
  }

  /**
   * Makes ListTenants answer CIPP's error row ({@code customerId ""}) with {@code Results: "Failed
   * to retrieve tenants: <reason>"}; null restores the normal list.
   */
  public synchronized CippEmulator tenantListError(String reason) {
    this.tenantListError = reason;
    return this;
  }

  /** Renders {@code primDomain} as a plain string (CIPP before 2025-01) instead of {@code {value,label}}. */
  public synchronized CippEmulator primDomainAsString(boolean asString) {
    this.primDomainAsString = asString;
    return this;
  }

  /** The body of the {@link Fault#FORBIDDEN} fault. */
  public synchronized CippEmulator forbiddenText(String text) {
    this.forbiddenText = text;
    return this;
  }

  /** How long {@link Fault#SLOW} waits before answering. */
  public synchronized CippEmulator slowDelay(Duration delay) {
    this.slowDelay = delay;
    return this;
  }

  /** The {@code Retry-After} (in seconds) of {@link Fault#TOO_MANY_REQUESTS} (default 1). */
  public synchronized CippEmulator retryAfterSeconds(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /**
   * How long CIPP works per user of an answer before its first byte. ListUsers gathers every Graph
   * page of the tenant and resolves license names before it answers, so its first byte comes after
   * (users of the tenant) x this; a ListGraphRequest page costs (users of the page) x this. Default
   * zero; tests scale real minutes down to milliseconds.
   */
  public synchronized CippEmulator buildTimePerUser(Duration perUser) {
    this.buildTimePerUser = Objects.requireNonNull(perUser, "perUser");
    return this;
  }

  /**
   * When Azure cuts an answer that is not under way yet (default {@link #AZURE_RESPONSE_CUT}, 230
   * s): the client then gets App Service's HTML 500 "The request timed out", or, with {@link
   * #cutByDisconnect}, a connection closed without an answer.
   */
  public synchronized CippEmulator responseCut(Duration cut) {
    this.responseCut = Objects.requireNonNull(cut, "cut");
    return this;
  }

  /** A cut answer is a dropped connection instead of the front end's HTML 500. */
  public synchronized CippEmulator cutByDisconnect(boolean disconnect) {
    this.cutByDisconnect = disconnect;
    return this;
  }

  /** How long a ListGraphRequest {@code nextLink} stays usable (Graph page tokens expire); null: forever. */
  public synchronized CippEmulator pageTokenLifetime(Duration lifetime) {
    this.pageTokenLifetime = lifetime;
    return this;
  }

  /**
   * CIPP in single-tenant ("owntenant") mode: ListTenants answers only the MSP's own tenant (a
   * tenant of the directory), in the shape {@code Get-Tenants.ps1} builds for it: no {@code
   * delegatedPrivilegeStatus}, {@code domains: "PartnerTenant"}, and the initial domain as default
   * domain and display name. Null switches back to the GDAP tenant list.
   */
  public synchronized CippEmulator ownTenantMode(String tenantId) {
    this.ownTenantId = tenantId;
    return this;
  }

  /**
   * Until {@link #clearFaults()}, CIPP cannot read {@code tenantId}: ListUsers answers HTTP 500 with
   * {@code text} as plain text (an unhandled exception's message, for example {@code Could not get
   * token: invalid_grant:AADSTS50020: ...}); ListGraphRequest answers 400 {@code Graph Error: <text
   * as CIPP's Get-NormalizedError rewrites it> - Endpoint: users}.
   */
  public synchronized CippEmulator tenantError(String tenantId, String text) {
    tenantErrors.put(tenantId.toLowerCase(Locale.ROOT), Objects.requireNonNull(text, "text"));
    return this;
  }

  /**
   * The next {@code count} ListGraphRequest answers carry one more row, without an {@code id} (a
   * record no client can tell apart from another), until used or {@link #clearFaults()}.
   */
  public synchronized CippEmulator entriesWithoutId(int count) {
    this.entriesWithoutId += count;
    return this;
  }

  /**
   * This user's {@code accountEnabled} is answered as a JSON string ({@code "True"}, as PowerShell
   * writes a boolean it turned into text) instead of a boolean, until {@link #clearFaults()}.
   */
  public synchronized CippEmulator accountEnabledAsText(String userId) {
    accountEnabledAsText.add(userId);
    return this;
  }

  /** Injects a fault for the next {@code count} {@code /api} requests (any endpoint). */
  public CippEmulator fault(Fault kind, int count) {
    return fault(kind, count, null);
  }

  /**
   * Injects a fault for the next {@code count} requests to {@code endpoint} (e.g. {@code
   * "ListUsers"}; null for any). {@link Fault#REJECT_TOKEN} and {@link Fault#REJECT_CLIENT} last
   * until {@link #clearFaults()} whatever the count.
   */
  public synchronized CippEmulator fault(Fault kind, int count, String endpoint) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    faults.add(new ActiveFault(kind, endpoint, new int[] {kind.persistent() ? Integer.MAX_VALUE : count}));
    return this;
  }

  /** The emulator behaves again (faults, tenant errors, canned answers and the error row are gone). */
  public synchronized CippEmulator clearFaults() {
    faults.clear();
    canned.clear();
    tenantErrors.clear();
    tenantListError = null;
    entriesWithoutId = 0;
    accountEnabledAsText.clear();
    return this;
  }

  /**
   * Answers the next request to {@code endpoint} with exactly this (after the bearer check); for
   * serving documented payloads verbatim.
   */
  public synchronized CippEmulator respondOnce(String endpoint, int status, String contentType, String body) {
    canned.add(new Canned(endpoint, status, contentType, body));
    return this;
  }

  // ------------------------------------------------------------------ log

  public List<LoggedRequest> requests() {
    return List.copyOf(log);
  }

  /** The {@code /api} requests to {@code endpoint} (case-insensitive). */
  public List<LoggedRequest> requests(String endpoint) {
    return log.stream().filter(r -> endpoint.equalsIgnoreCase(r.endpoint())).collect(Collectors.toList());
  }

  public List<LoggedRequest> tokenRequests() {
    return log.stream().filter(LoggedRequest::isTokenRequest).collect(Collectors.toList());
  }

  public void clearLog() {
    log.clear();
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ dispatch

  private MockResponse handle(RecordedRequest request) {
    HttpUrl url = request.getRequestUrl();
    String path = url == null ? request.getPath() : url.encodedPath();
    Map<String, String> query = new LinkedHashMap<>();
    if (url != null) {
      for (String name : url.queryParameterNames()) {
        query.put(name, url.queryParameter(name));
      }
    }
    Set<String> headerNames = new HashSet<>();
    for (String name : request.getHeaders().names()) {
      headerNames.add(name.toLowerCase(Locale.ROOT));
    }
    Matcher token = TOKEN_PATH.matcher(path);
    if (token.matches()) {
      Map<String, String> form = parseForm(request.getBody().readUtf8());
      MockResponse response = tokenResponse(request.getMethod(), token.group(1), form);
      Map<String, String> loggedForm = new LinkedHashMap<>(form);
      loggedForm.remove("client_secret");
      log.add(new LoggedRequest(request.getMethod(), path, query, null, headerNames, null, loggedForm,
          status(response)));
      return response;
    }
    String bearer = bearer(request.getHeader("Authorization"));
    String body = request.getBodySize() > 0 ? request.getBody().readUtf8() : "";
    MockResponse response = apiResponse(path, query, bearer);
    log.add(new LoggedRequest(request.getMethod(), path, query, bearer, headerNames, body, Map.of(), status(response)));
    return response;
  }

  private static int status(MockResponse response) {
    if (response.getSocketPolicy() == SocketPolicy.DISCONNECT_AFTER_REQUEST) {
      return 0; // no answer at all
    }
    String[] parts = response.getStatus().split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
  }

  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
  }

  private MockResponse apiResponse(String path, Map<String, String> query, String bearer) {
    if (!path.regionMatches(true, 0, "/api/", 0, 5)) {
      return text(404, "\"Endpoint not found\"", "application/json");
    }
    String endpoint = path.substring(5);
    ActiveFault fault;
    Canned cannedAnswer;
    synchronized (this) {
      boolean rejectAll = faults.stream().anyMatch(f -> f.kind == Fault.REJECT_TOKEN);
      if (bearer == null || rejectAll || !(acceptedTokens.contains(bearer) || issuedTokens.contains(bearer))) {
        return text(401, "You do not have permission to view this directory or page.", "text/html");
      }
      fault = takeFault(endpoint, param(query, "nextLink") != null);
      cannedAnswer = takeCanned(endpoint);
    }
    if (fault != null) {
      MockResponse faulty = faultResponse(fault.kind, endpoint, query);
      if (faulty != null) {
        return faulty;
      }
    }
    if (cannedAnswer != null) {
      return text(cannedAnswer.status, cannedAnswer.body, cannedAnswer.contentType);
    }
    if (endpoint.equalsIgnoreCase("ListTenants")) {
      return json(listTenants(param(query, "tenantFilter")));
    }
    if (endpoint.equalsIgnoreCase("ListUsers")) {
      String tenantFilter = param(query, "tenantFilter");
      String failure = tenantError(tenantFilter);
      if (failure != null) {
        return text(500, failure, "text/plain");
      }
      int users = directory.tenant(tenantFilter).map(EmulatedTenant::size).orElse(0);
      return timed(json(listUsers(tenantFilter)), users);
    }
    if (endpoint.equalsIgnoreCase("ListGraphRequest")) {
      GraphAnswer answer = graphRequest(query);
      return answer.error != null ? answer.error : timed(json(answer.body), answer.users);
    }
    return text(404, "\"Endpoint not found\"", "application/json");
  }

  /** The answer after CIPP's build time for {@code users} users, or Azure's cut when that is too long. */
  private MockResponse timed(MockResponse answer, int users) {
    Duration perUser;
    Duration cut;
    boolean disconnect;
    synchronized (this) {
      perUser = buildTimePerUser;
      cut = responseCut;
      disconnect = cutByDisconnect;
    }
    long delayNanos = perUser.toNanos() * users;
    if (delayNanos < cut.toNanos()) {
      return delayNanos == 0 ? answer : answer.setHeadersDelay(delayNanos, TimeUnit.NANOSECONDS);
    }
    if (disconnect) {
      try {
        Thread.sleep(cut.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    return text(500, CUT_BODY, "text/html").setHeadersDelay(cut.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The text of the tenant error set for the tenant {@code tenantFilter} names, or null. */
  private String tenantError(String tenantFilter) {
    Optional<EmulatedTenant> tenant = directory.tenant(tenantFilter);
    synchronized (this) {
      String key = tenant.map(t -> t.id().toLowerCase(Locale.ROOT))
          .orElse(tenantFilter == null ? "" : tenantFilter.toLowerCase(Locale.ROOT));
      return tenantErrors.get(key);
    }
  }

  private ActiveFault takeFault(String endpoint, boolean continuation) {
    for (Iterator<ActiveFault> it = faults.iterator(); it.hasNext(); ) {
      ActiveFault f = it.next();
      if (f.kind.persistent() || (f.endpoint != null && !f.endpoint.equalsIgnoreCase(endpoint))
          || (f.kind == Fault.EXPIRE_PAGE_TOKEN && !continuation)) {
        continue;
      }
      if (--f.remaining[0] <= 0) {
        it.remove();
      }
      return f;
    }
    return null;
  }

  private Canned takeCanned(String endpoint) {
    for (Iterator<Canned> it = canned.iterator(); it.hasNext(); ) {
      Canned c = it.next();
      if (c.endpoint.equalsIgnoreCase(endpoint)) {
        it.remove();
        return c;
      }
    }
    return null;
  }

  private MockResponse faultResponse(Fault kind, String endpoint, Map<String, String> query) {
    switch (kind) {
      case THROTTLE:
        if (endpoint.equalsIgnoreCase("ListGraphRequest")) {
          return graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Too many requests. The request was throttled.");
        }
        return text(500, "Failed to retrieve users: Response status code does not indicate success: 429"
            + " (Too Many Requests). Request was throttled, retry after a while.", "text/plain");
      case EXPIRE_PAGE_TOKEN:
        return graphError("Exception at " + GRAPH_LIST_SCRIPT + " - " + EXPIRED_PAGE_TOKEN);
      case TOO_MANY_REQUESTS: {
        long seconds;
        synchronized (this) {
          seconds = retryAfterSeconds;
        }
        return text(429, "Too Many Requests", "text/plain").setHeader("Retry-After", String.valueOf(seconds));
      }
      case UNAVAILABLE:
        return text(503, "Function host is not running.", "text/plain");
      case SERVER_ERROR:
        return text(500, "Object reference not set to an instance of an object.", "text/plain");
      case FORBIDDEN:
        return text(403, forbiddenText, "text/plain");
      case TENANT_FORBIDDEN:
        return text(403, "Access to this tenant is not allowed", "text/plain");
      case TRUNCATED: {
        Buffer full = normalBody(endpoint, query);
        long keep = Math.max(1, full.size() * 3 / 5);
        Buffer cut = new Buffer();
        cut.write(full, keep);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(cut);
      }
      case DISCONNECT:
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(normalBody(endpoint, query)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
      case MALFORMED: {
        String broken = endpoint.equalsIgnoreCase("ListTenants")
            ? "[{\"customerId\": \"0b6f6c1e-1111-4a2b-9c3d-000000000001\" \"displayName\": }]"
            : endpoint.equalsIgnoreCase("ListGraphRequest")
            ? "{\"Results\": [{\"id\": \"a1000000-0000-4000-8000-000000000001\", \"displayName\": \"Dana\"}, {\"id\" \"broken\"}]"
            : "[{\"id\": \"a1000000-0000-4000-8000-000000000001\", \"displayName\": \"Dana\"}, {\"id\" \"broken\"}]";
        return text(200, broken, "application/json");
      }
      case SLOW:
        return json(normalBody(endpoint, query)).setHeadersDelay(slowDelay.toMillis(), TimeUnit.MILLISECONDS);
      default:
        return null;
    }
  }

  private Buffer normalBody(String endpoint, Map<String, String> query) {
    if (endpoint.equalsIgnoreCase("ListGraphRequest")) {
      GraphAnswer answer = graphRequest(query);
      return answer.body != null ? answer.body : new Buffer().writeUtf8("{\"Results\":[],\"Metadata\":{}}");
    }
    return endpoint.equalsIgnoreCase("ListTenants")
        ? listTenants(param(query, "tenantFilter"))
        : listUsers(param(query, "tenantFilter"));
  }

  private static String param(Map<String, String> query, String name) {
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static MockResponse text(int status, String body, String contentType) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", contentType + "; charset=utf-8")
        .setBody(body);
  }

  private static MockResponse json(Buffer body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json; charset=utf-8")
        .setBody(body);
  }

  // ------------------------------------------------------------------ ListGraphRequest

  /** A ListGraphRequest answer: an error response, or a body and the number of users in it. */
  private record GraphAnswer(MockResponse error, Buffer body, int users) {
    static GraphAnswer failed(MockResponse error) {
      return new GraphAnswer(error, null, 0);
    }
  }

  /**
   * {@code Invoke-ListGraphRequest} over {@code users}, as CIPP-API serves it: {@code
   * {Results:[...], Metadata:{...}}}; the Graph query options {@code $select} and {@code $top} are
   * passed through; {@code manualPagination=true} (or {@code NoPagination=true}) returns one Graph
   * page plus {@code Metadata.nextLink}, which comes back as the {@code nextLink} parameter (it must
   * be a {@code https://graph.microsoft.com} link); without either, CIPP follows every page itself.
   * Each row carries CIPP's {@code Tenant} and {@code CippStatus} columns. Every failure is a 400 with
   * the plain text {@code Graph Error: <message> - Endpoint: <endpoint>}.
   */
  private GraphAnswer graphRequest(Map<String, String> query) {
    String endpoint = param(query, "Endpoint");
    String tenantFilter = param(query, "tenantFilter");
    if (endpoint == null || endpoint.isBlank()) {
      return GraphAnswer.failed(graphError("Cannot bind argument to parameter 'Endpoint' because it is an empty string.",
          ""));
    }
    if (!endpoint.replaceFirst("^/", "").equalsIgnoreCase("users")) {
      return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Resource not found for the segment '"
          + endpoint + "'.", endpoint));
    }
    if (tenantFilter != null && tenantFilter.equalsIgnoreCase("AllTenants")) {
      Buffer out = new Buffer();
      write(out, g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("Results");
        g.writeEndArray();
        g.writeObjectFieldStart("Metadata");
        g.writeStringField("Endpoint", endpoint);
        g.writeBooleanField("Queued", true);
        g.writeStringField("QueueMessage", "Loading data for all tenants. Please check back after the job completes");
        g.writeEndObject();
        g.writeEndObject();
      });
      return new GraphAnswer(null, out, 0);
    }
    Optional<EmulatedTenant> found = directory.tenant(tenantFilter);
    if (found.isEmpty()) {
      return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Graph request denied for '"
          + tenantFilter + "': the tenant is not in CIPP's tenant list.", endpoint));
    }
    EmulatedTenant tenant = found.get();
    String failure = tenantError(tenantFilter);
    if (failure != null) {
      return GraphAnswer.failed(graphError(normalizedError(failure), endpoint));
    }
    boolean manual = truthy(param(query, "manualPagination")) || truthy(param(query, "NoPagination"));
    String select = param(query, "$select");
    String top = param(query, "$top");
    int offset = 0;
    String nextLink = param(query, "nextLink");
    if (manual && nextLink != null && nextLink.startsWith("https://")) {
      HttpUrl link = HttpUrl.parse(nextLink);
      if (link == null || !link.host().equals("graph.microsoft.com")) {
        return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Invalid nextLink URL: " + nextLink,
            endpoint));
      }
      String[] token = decodeSkipToken(link.queryParameter("$skiptoken"));
      if (token == null || !token[0].equalsIgnoreCase(tenant.id())) {
        return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Invalid $skiptoken.", endpoint));
      }
      Duration lifetime;
      synchronized (this) {
        lifetime = pageTokenLifetime;
      }
      if (lifetime != null && System.currentTimeMillis() - Long.parseLong(token[3]) > lifetime.toMillis()) {
        return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - " + EXPIRED_PAGE_TOKEN, endpoint));
      }
      select = link.queryParameter("$select");
      top = link.queryParameter("$top");
      offset = resumeAfter(tenant, Integer.parseInt(token[1]), token[2]);
    }
    List<String> properties = select == null || select.isBlank() ? DEFAULT_SELECT : List.of(select.split(","));
    for (String property : properties) {
      if (!KNOWN_PROPERTIES.contains(property.strip())) {
        return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Could not find a property named '"
            + property.strip() + "' on type 'microsoft.graph.user'.", endpoint));
      }
    }
    int pageSize;
    try {
      pageSize = top == null ? 100 : Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      pageSize = -1;
    }
    if (pageSize < 1 || pageSize > 999) {
      return GraphAnswer.failed(graphError("Exception at " + GRAPH_LIST_SCRIPT + " - Invalid page size specified: '"
          + top + "'. Must be between 1 and 999 inclusive.", endpoint));
    }
    List<EmulatedUser> rows = tenant.page(offset, manual ? pageSize : Integer.MAX_VALUE);
    String next = null;
    if (manual && !tenant.page(offset + rows.size(), 1).isEmpty()) {
      String lastId = rows.isEmpty() ? "" : rows.get(rows.size() - 1).id();
      next = "https://graph.microsoft.com/beta/users?" + (select == null ? "" : "$select=" + select + "&") + "$top="
          + pageSize + "&$skiptoken=" + encodeSkipToken(tenant.id(), offset + rows.size(), lastId);
    }
    String nextLinkOut = next;
    String selected = select;
    int topOut = pageSize;
    boolean withoutId;
    Set<String> enabledAsText;
    synchronized (this) {
      withoutId = entriesWithoutId > 0;
      entriesWithoutId = Math.max(0, entriesWithoutId - 1);
      enabledAsText = Set.copyOf(accountEnabledAsText);
    }
    Buffer out = new Buffer();
    write(out, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("Results");
      for (EmulatedUser u : rows) {
        writeGraphUser(g, u, properties, tenantFilter, enabledAsText.contains(u.id()));
      }
      if (withoutId) {
        g.writeStartObject();
        g.writeStringField("displayName", "An entry without an id");
        g.writeBooleanField("accountEnabled", true);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("Metadata");
      g.writeStringField("Endpoint", endpoint);
      g.writeObjectFieldStart("Parameters");
      if (selected != null) {
        g.writeStringField("$select", selected);
      }
      g.writeStringField("$top", String.valueOf(topOut));
      g.writeEndObject();
      g.writeStringField("CippLink", "");
      g.writeStringField("TenantFilter", tenantFilter);
      if (manual) {
        g.writeBooleanField("ManualPagination", true);
      }
      if (nextLinkOut != null) {
        g.writeStringField("nextLink", nextLinkOut);
      }
      g.writeEndObject();
      g.writeEndObject();
    });
    return new GraphAnswer(null, out, rows.size());
  }

  private static final Set<String> KNOWN_PROPERTIES = Set.of("id", "displayName", "givenName", "surname", "mail",
      "userPrincipalName", "proxyAddresses", "accountEnabled", "userType", "jobTitle", "mobilePhone", "businessPhones",
      "assignedLicenses", "department", "companyName", "officeLocation", "city", "country", "createdDateTime",
      "employeeId", "onPremisesSyncEnabled", "usageLocation", "otherMails");

  private static void writeGraphUser(JsonGenerator g, EmulatedUser u, List<String> properties, String tenantFilter,
      boolean enabledAsText) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", u.id());
    for (String raw : properties) {
      String property = raw.strip();
      switch (property) {
        case "id":
          break;
        case "displayName":
          g.writeStringField(property, u.displayName());
          break;
        case "givenName":
          g.writeStringField(property, u.givenName());
          break;
        case "surname":
          g.writeStringField(property, u.surname());
          break;
        case "mail":
          g.writeStringField(property, u.mail());
          break;
        case "userPrincipalName":
          g.writeStringField(property, u.userPrincipalName());
          break;
        case "userType":
          g.writeStringField(property, u.userType());
          break;
        case "jobTitle":
          g.writeStringField(property, u.jobTitle());
          break;
        case "mobilePhone":
          g.writeStringField(property, u.mobilePhone());
          break;
        case "proxyAddresses":
          strings(g, property, u.proxyAddresses());
          break;
        case "businessPhones":
          strings(g, property, u.businessPhones());
          break;
        case "otherMails":
          strings(g, property, List.of());
          break;
        case "accountEnabled":
          if (u.accountEnabled() == null) {
            g.writeNullField(property);
          } else if (enabledAsText) {
            g.writeStringField(property, u.accountEnabled() ? "True" : "False");
          } else {
            g.writeBooleanField(property, u.accountEnabled());
          }
          break;
        case "onPremisesSyncEnabled":
          g.writeNullField(property);
          break;
        case "assignedLicenses":
          g.writeArrayFieldStart(property);
          for (int i = 0; i < u.assignedLicenses(); i++) {
            g.writeStartObject();
            g.writeArrayFieldStart("disabledPlans");
            g.writeEndArray();
            g.writeStringField("skuId", SKUS[i % SKUS.length][0]);
            g.writeEndObject();
          }
          g.writeEndArray();
          break;
        default:
          g.writeNullField(property);
      }
    }
    g.writeStringField("Tenant", tenantFilter);
    g.writeStringField("CippStatus", "Good");
    g.writeEndObject();
  }

  /** Where a continuation resumes: after the user the token names, wherever it is now (keyed, not offset). */
  private static int resumeAfter(EmulatedTenant tenant, int offset, String lastId) {
    if (lastId.isEmpty() || offset == 0) {
      return offset;
    }
    List<EmulatedUser> before = tenant.page(offset - 1, 1);
    if (!before.isEmpty() && before.get(0).id().equalsIgnoreCase(lastId)) {
      return offset;
    }
    List<EmulatedUser> all = tenant.users();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equalsIgnoreCase(lastId)) {
        return i + 1;
      }
    }
    return Math.max(0, offset - 1); // the last user was deleted: going back one may repeat a user, never skip one
  }

  private static String encodeSkipToken(String tenantId, int offset, String lastId) {
    String raw = tenantId + "|" + offset + "|" + lastId + "|" + System.currentTimeMillis();
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeSkipToken(String token) {
    if (token == null) {
      return null;
    }
    try {
      String[] parts = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 4) {
        return null;
      }
      Integer.parseInt(parts[1]);
      Long.parseLong(parts[3]);
      return parts;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean truthy(String value) {
    return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
  }

  /** CIPP's answer to a failed ListGraphRequest: HTTP 400, a plain string. */
  private static MockResponse graphError(String message) {
    return graphError(message, "users");
  }

  private static MockResponse graphError(String message, String endpoint) {
    return text(400, "Graph Error: " + message + " - Endpoint: " + endpoint, "text/plain");
  }

  /**
   * What CIPP's {@code Get-NormalizedError} makes of an exception message before ListGraphRequest
   * answers it: known AADSTS codes and Graph texts become CIPP's own sentences (700082, 53003 and
   * 65001 lose their code on the way); anything else keeps the location prefix of {@code
   * Get-GraphRequestList}.
   */
  static String normalizedError(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("user was not found.")) {
      return "The relationship between this tenant and the partner has been dissolved from the tenant side.";
    }
    if (lower.contains("aadsts50020")) {
      return "AADSTS50020: The user you have used for your Secure Application Model is a guest in this tenant, or your"
          + " are using GDAP and have not added the user to the correct group. Please delete the guest user to gain"
          + " access to this tenant";
    }
    if (lower.contains("aadsts65001")) {
      return "We cannot access this tenant as consent has not been given, please try refreshing the CPV permissions in"
          + " the application settings menu.";
    }
    if (lower.contains("aadsts700082")) {
      return "The CIPP user access token has expired. Run the Setup Wizard to refresh your tokens.";
    }
    if (lower.contains("aadsts53003")) {
      return "Access has been blocked by Conditional Access policies. Please check the Conditional Access configuration"
          + " documentation";
    }
    return "Exception at " + GRAPH_LIST_SCRIPT + " - " + message;
  }

  // ------------------------------------------------------------------ token endpoint

  private MockResponse tokenResponse(String method, String tenant, Map<String, String> form) {
    if (!"POST".equals(method)) {
      return tokenError(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
    }
    Client client;
    boolean rejectClients;
    synchronized (this) {
      client = clients.get(String.valueOf(form.get("client_id")).toLowerCase(Locale.ROOT));
      rejectClients = faults.stream().anyMatch(f -> f.kind == Fault.REJECT_CLIENT);
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return tokenError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (client == null || !client.tenantId.equalsIgnoreCase(tenant)) {
      return tokenError(400, "unauthorized_client", "AADSTS700016: Application with identifier '"
          + form.get("client_id") + "' was not found in the directory '" + tenant + "'.");
    }
    if (rejectClients) {
      return tokenError(401, "invalid_client", "AADSTS7000222: The provided client secret keys for app '"
          + client.clientId + "' are expired.");
    }
    if (!client.secret.equals(form.get("client_secret"))) {
      return tokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret"
          + " being sent in the request is the client secret value, not the client secret ID.");
    }
    if (!("api://" + client.clientId + "/.default").equalsIgnoreCase(form.get("scope"))) {
      return tokenError(400, "invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is"
          + " not valid.");
    }
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String issued = "cipp-emu-" + issuedCount.incrementAndGet() + "-" + HexFormat.of().formatHex(bytes);
    long seconds;
    synchronized (this) {
      issuedTokens.add(issued);
      seconds = tokenLifetime.toSeconds();
    }
    Buffer out = new Buffer();
    write(out, g -> {
      g.writeStartObject();
      g.writeStringField("token_type", "Bearer");
      g.writeNumberField("expires_in", seconds);
      g.writeNumberField("ext_expires_in", seconds);
      g.writeStringField("access_token", issued);
      g.writeEndObject();
    });
    return json(out);
  }

  private MockResponse tokenError(int status, String error, String description) {
    Buffer out = new Buffer();
    write(out, g -> {
      g.writeStartObject();
      g.writeStringField("error", error);
      g.writeStringField("error_description", description);
      g.writeArrayFieldStart("error_codes");
      g.writeNumber(Integer.parseInt(description.replaceAll("^AADSTS(\\d+).*", "$1")));
      g.writeEndArray();
      g.writeEndObject();
    });
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
        .setBody(out);
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(k, v);
    }
    return form;
  }

  // ------------------------------------------------------------------ bodies

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private void write(Buffer out, Writer writer) {
    try (JsonGenerator g = json.createGenerator(out.outputStream(), JsonEncoding.UTF8)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Buffer listTenants(String tenantFilter) {
    String error;
    boolean partner;
    String partnerId;
    String own;
    synchronized (this) {
      error = tenantListError;
      partner = partnerRow;
      partnerId = partnerTenantId;
      own = ownTenantId;
    }
    Buffer out = new Buffer();
    if (error == null && own != null) {
      Optional<EmulatedTenant> self = directory.tenant(own);
      write(out, g -> {
        g.writeStartArray();
        if (self.isPresent()) {
          writeOwnTenant(g, self.get());
        }
        g.writeEndArray();
      });
      return out;
    }
    if (error != null) {
      write(out, g -> {
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringField("Results", "Failed to retrieve tenants: " + error);
        g.writeStringField("defaultDomainName", "");
        g.writeStringField("displayName", "Failed to retrieve tenants. Perform a permission check.");
        g.writeStringField("customerId", "");
        g.writeEndObject();
        g.writeEndArray();
      });
      return out;
    }
    List<EmulatedTenant> tenants = new ArrayList<>(directory.tenants());
    if (tenantFilter != null && !tenantFilter.isBlank() && !tenantFilter.equalsIgnoreCase("AllTenants")) {
      Optional<EmulatedTenant> one = directory.tenant(tenantFilter);
      tenants = one.map(List::of).orElse(List.of());
      partner = false;
    }
    List<Object> rows = new ArrayList<>(tenants);
    if (partner) {
      rows.add(PARTNER_NAME);
    }
    rows.sort(Comparator.comparing(
        (Object r) -> r instanceof EmulatedTenant ? String.valueOf(((EmulatedTenant) r).displayName()) : PARTNER_NAME,
        String.CASE_INSENSITIVE_ORDER));
    write(out, g -> {
      g.writeStartArray();
      for (Object row : rows) {
        if (row instanceof EmulatedTenant) {
          writeTenant(g, (EmulatedTenant) row);
        } else {
          writePartner(g, partnerId);
        }
      }
      g.writeEndArray();
    });
    return out;
  }

  private static void writeTenant(JsonGenerator g, EmulatedTenant t) throws IOException {
    g.writeStartObject();
    g.writeStringField("customerId", t.id());
    g.writeStringField("defaultDomainName", t.defaultDomainName() == null ? "" : t.defaultDomainName());
    g.writeStringField("initialDomainName", t.initialDomainName());
    g.writeStringField("displayName", t.displayName());
    g.writeStringField("delegatedPrivilegeStatus", "granularDelegatedAdminPrivileges");
    g.writeStringField("domains", "");
    g.writeStringField("relationshipEnd", "2027-03-01T00:00:00Z");
    g.writeNumberField("relationshipCount", 1);
    g.writeBooleanField("hasAutoExtend", true);
    g.writeBooleanField("Excluded", false);
    g.writeNumberField("GraphErrorCount", 0);
    g.writeStringField("LastGraphError", "");
    g.writeBooleanField("RequiresRefresh", false);
    g.writeStringField("LastRefresh", "2026-08-01T02:10:00Z");
    g.writeStringField("ExcludeUser", "");
    g.writeStringField("ExcludeDate", "");
    g.writeStringField("PartitionKey", "Tenants");
    g.writeStringField("RowKey", t.id());
    g.writeStringField("Timestamp", "2026-08-01T02:10:01.1234567Z");
    g.writeEndObject();
  }

  /** The only row in single-tenant ("owntenant") mode, as {@code Get-Tenants.ps1} builds it. */
  private static void writeOwnTenant(JsonGenerator g, EmulatedTenant t) throws IOException {
    g.writeStartObject();
    g.writeStringField("RowKey", t.id());
    g.writeStringField("PartitionKey", "Tenants");
    g.writeStringField("customerId", t.id());
    g.writeStringField("defaultDomainName", t.initialDomainName());
    g.writeStringField("initialDomainName", t.initialDomainName());
    g.writeStringField("displayName", t.initialDomainName());
    g.writeStringField("domains", "PartnerTenant");
    g.writeBooleanField("Excluded", false);
    g.writeStringField("ExcludeUser", "");
    g.writeStringField("ExcludeDate", "");
    g.writeNumberField("GraphErrorCount", 0);
    g.writeStringField("LastGraphError", "");
    g.writeBooleanField("RequiresRefresh", false);
    g.writeStringField("LastRefresh", "2026-08-01T02:10:00Z");
    g.writeEndObject();
  }

  private static void writePartner(JsonGenerator g, String partnerId) throws IOException {
    g.writeStartObject();
    g.writeStringField("customerId", partnerId);
    g.writeStringField("defaultDomainName", "msp-partner.example");
    g.writeStringField("initialDomainName", "msppartner.onmicrosoft.com");
    g.writeStringField("displayName", PARTNER_NAME);
    g.writeStringField("domains", "PartnerTenant");
    g.writeBooleanField("Excluded", false);
    g.writeNumberField("GraphErrorCount", 0);
    g.writeStringField("LastGraphError", "");
    g.writeStringField("ExcludeUser", "");
    g.writeStringField("ExcludeDate", "");
    g.writeStringField("PartitionKey", "Tenants");
    g.writeStringField("RowKey", partnerId);
    g.writeEndObject();
  }

  private Buffer listUsers(String tenantFilter) {
    Buffer out = new Buffer();
    if (tenantFilter != null && tenantFilter.equalsIgnoreCase("AllTenants")) {
      write(out, g -> {
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringField("Message", "This function has been deprecated for all users, please use"
            + " ListGraphRequest instead");
        g.writeEndObject();
        g.writeEndArray();
      });
      return out;
    }
    Optional<EmulatedTenant> tenant = directory.tenant(tenantFilter);
    boolean domainAsString;
    synchronized (this) {
      domainAsString = primDomainAsString;
    }
    write(out, g -> {
      g.writeStartArray();
      if (tenant.isPresent()) {
        EmulatedTenant t = tenant.get();
        int chunk = 5000;
        for (int offset = 0; ; offset += chunk) {
          List<EmulatedUser> users = t.page(offset, chunk);
          for (EmulatedUser u : users) {
            writeUser(g, t, u, domainAsString);
          }
          if (users.size() < chunk) {
            break;
          }
        }
      }
      g.writeEndArray();
    });
    return out;
  }

  private static void writeUser(JsonGenerator g, EmulatedTenant t, EmulatedUser u, boolean domainAsString)
      throws IOException {
    String upn = u.userPrincipalName();
    String upnDomain = upn != null && upn.indexOf('@') >= 0 ? upn.substring(upn.indexOf('@') + 1) : t.initialDomainName();
    String local = upn != null && upn.indexOf('@') >= 0 ? upn.substring(0, upn.indexOf('@')) : upn;
    g.writeStartObject();
    g.writeStringField("id", u.id());
    strings(g, "businessPhones", u.businessPhones());
    g.writeStringField("displayName", u.displayName());
    g.writeStringField("givenName", u.givenName());
    g.writeStringField("jobTitle", u.jobTitle());
    g.writeStringField("mail", u.mail());
    g.writeStringField("mobilePhone", u.mobilePhone());
    g.writeNullField("officeLocation");
    g.writeNullField("preferredLanguage");
    g.writeStringField("surname", u.surname());
    g.writeStringField("userPrincipalName", upn);
    if (u.accountEnabled() != null) {
      g.writeBooleanField("accountEnabled", u.accountEnabled());
    }
    g.writeNullField("ageGroup");
    g.writeArrayFieldStart("assignedLicenses");
    List<String> licenseNames = new ArrayList<>(u.assignedLicenses());
    for (int i = 0; i < u.assignedLicenses(); i++) {
      String[] sku = SKUS[i % SKUS.length];
      g.writeStartObject();
      g.writeArrayFieldStart("disabledPlans");
      g.writeEndArray();
      g.writeStringField("skuId", sku[0]);
      g.writeEndObject();
      licenseNames.add(sku[1]);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("assignedPlans");
    g.writeEndArray();
    g.writeNullField("city");
    g.writeNullField("companyName");
    g.writeNullField("country");
    g.writeStringField("createdDateTime", "2024-01-15T09:30:00Z");
    g.writeNullField("creationType");
    g.writeNullField("department");
    g.writeNullField("employeeId");
    g.writeArrayFieldStart("identities");
    g.writeStartObject();
    g.writeStringField("signInType", "userPrincipalName");
    g.writeStringField("issuer", t.initialDomainName());
    g.writeStringField("issuerAssignedId", upn);
    g.writeEndObject();
    g.writeEndArray();
    g.writeStringField("mailNickname", local);
    g.writeObjectFieldStart("onPremisesExtensionAttributes");
    g.writeNullField("extensionAttribute1");
    g.writeNullField("extensionAttribute2");
    g.writeEndObject();
    g.writeNullField("onPremisesImmutableId");
    g.writeNullField("onPremisesLastSyncDateTime");
    g.writeBooleanField("onPremisesSyncEnabled", false);
    strings(g, "otherMails", List.of());
    strings(g, "proxyAddresses", u.proxyAddresses());
    g.writeNullField("showInAddressList");
    g.writeStringField("usageLocation", "US");
    g.writeStringField("userType", u.userType());
    g.writeStringField("username", local);
    g.writeStringField("Aliases", String.join(", ", u.proxyAddresses()));
    g.writeStringField("LicJoined", String.join(", ", licenseNames));
    if (domainAsString) {
      g.writeStringField("primDomain", upnDomain);
    } else {
      g.writeObjectFieldStart("primDomain");
      g.writeStringField("value", upnDomain);
      g.writeStringField("label", upnDomain);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values == null ? Collections.<String>emptyList() : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
