package org.entrasync.adapters.graph.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.entrasync.adapters.graph.GraphConnectionConfig;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.entrasync.spi.SecretProvider;

/**
 * A stateful local Microsoft identity platform + Microsoft Graph v1.0, serving an {@link
 * EmulatedDirectory} over HTTP ({@link MockWebServer} with a {@link Dispatcher}). Tests change the
 * directory between calls and the emulator answers with the documented wire formats
 * ({@code shared/contracts/graph.md}):
 *
 * <ul>
 *   <li>{@code GET /{tenant}/oauth2/v2.0/authorize}: 302 to the redirect URI with {@code code} and
 *       {@code state} ({@link #authorize(URI)} "clicks through" it);
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token}: authorization code with PKCE verification, refresh
 *       with rotation (old refresh tokens stay valid), the partner's refresh token against a customer
 *       tenant's authority, error bodies with AADSTS codes; one registered app ({@link #clientId()},
 *       {@link #clientSecret()}), {@code invalid_client} for a wrong secret;
 *   <li>{@code /v1.0/tenantRelationships/delegatedAdminCustomers}, {@code /v1.0/organization},
 *       {@code /v1.0/users} ({@code $select}, {@code $top} 1..999), {@code /v1.0/users/$count}
 *       ({@code ConsistencyLevel: eventual}), {@code /v1.0/users/delta} (initial round, later rounds
 *       with only the changes, {@code @removed} tombstones, {@code $deltatoken=latest}); all with
 *       bearer checks, the tenant taken from the token's {@code tid}; links are absolute, to itself.
 * </ul>
 *
 * Access and id tokens are JWT-shaped but unsigned ({@code alg: none}) and carry {@code tid} and
 * {@code exp}. Faults: {@link #fault(String, String, int)} (the scenario step) and typed methods;
 * {@link #clearFaults()} ends all of them. Every request is logged ({@link #requests()}).
 */
public final class GraphEmulator implements AutoCloseable {
  public static final String DEFAULT_PARTNER_TENANT_ID = "99999999-9999-4999-8999-999999999999";
  public static final String DEFAULT_CLIENT_ID = "0a0a0a0a-1111-4222-8333-444444444444";
  public static final String DEFAULT_CLIENT_SECRET = "emulated-client-secret";
  public static final String PARTNER_ADMIN_OID = "abababab-0000-4000-8000-00000000ad01";
  public static final String PARTNER_ADMIN_UPN = "admin@partner.example";
  /** The callback URL registered on the emulated app and configured by {@link #connectionConfig()}. */
  public static final String DEFAULT_REDIRECT_URI = "https://psa.example/entra/callback";

  /** Graph's default properties when a request has no {@code $select}. */
  static final List<String> DEFAULT_USER_PROPERTIES = List.of("businessPhones", "displayName", "givenName", "id",
      "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName");
  private static final String GRAPH_RESOURCE = "https://graph.microsoft.com/";
  private static final List<String> CONSENTED_GRAPH_SCOPES = List.of(
      "https://graph.microsoft.com/User.Read",
      "https://graph.microsoft.com/DelegatedAdminRelationship.Read.All",
      "https://graph.microsoft.com/User.Read.All");
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  /** What {@code User.ReadBasic.All} lets a caller read of other users (permissions reference). */
  static final Set<String> BASIC_USER_PROPERTIES = Set.of("id", "displayName", "givenName", "surname", "mail",
      "userPrincipalName");
  /** Scopes (short, lower case) that read every property of every user. */
  private static final Set<String> FULL_USER_READ = Set.of("user.read.all", "user.readwrite.all", "directory.read.all",
      "directory.readwrite.all");
  private static final Set<String> CUSTOMER_LIST_READ = Set.of("delegatedadminrelationship.read.all",
      "delegatedadminrelationship.readwrite.all");
  /** The partner's own staff: what {@code /users} answers to the partner's own token. */
  private static final List<EmulatedUser> PARTNER_STAFF = List.of(
      EmulatedUser.member(PARTNER_ADMIN_OID, PARTNER_ADMIN_UPN, "Partner Admin"),
      EmulatedUser.member("abababab-0000-4000-8000-00000000ad02", "tech1@partner.example", "Partner Technician1"),
      EmulatedUser.member("abababab-0000-4000-8000-00000000ad03", "tech2@partner.example", "Partner Technician2"));

  private final EmulatedDirectory directory;
  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();
  private final String partnerTenantId;
  private final Map<String, String> apps = new ConcurrentHashMap<>();
  /** The redirect URIs registered on the emulated app (exact match, as the identity platform checks them). */
  private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
  /** Delegated Graph scopes consented per tenant ({@code "partner"} for the partner's own); default all the library asks. */
  private final Map<String, List<String>> consentedScopes = new ConcurrentHashMap<>();

  private final Map<String, AuthCode> codes = new ConcurrentHashMap<>();
  private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
  private final Set<String> issuedSecrets = ConcurrentHashMap.newKeySet();
  /** A queue, not a copy-on-write list: a benchmark MSP makes tens of thousands of calls. */
  private final java.util.Queue<Call> calls = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final AtomicLong issueSequence = new AtomicLong();

  private volatile Clock clock = Clock.systemUTC();
  private volatile Duration accessTokenLifetime = Duration.ofSeconds(3599);
  private volatile Duration tokenLatency = Duration.ZERO;
  private volatile Duration graphLatency = Duration.ZERO;
  private volatile java.util.function.Consumer<String> whileIssuingRefresh;
  private volatile int customersPageCap = 300;
  private volatile int deltaPageSize = 100;
  private volatile int retryAfterSeconds = 1;
  /** The {@code Retry-After} of the throttle fault in force, when it is not {@link #retryAfterSeconds}. */
  private volatile String throttleRetryAfter;
  private volatile String identityThrottleRetryAfter;

  // faults
  private final AtomicInteger graphThrottle = new AtomicInteger();
  private volatile int throttleEvery;
  private final AtomicLong graphRequestCount = new AtomicLong();
  private final AtomicInteger graphUnavailable = new AtomicInteger();
  private final AtomicInteger graphMalformed = new AtomicInteger();
  private final AtomicInteger truncatePaging = new AtomicInteger();
  private final AtomicInteger expirePageTokens = new AtomicInteger();
  private final AtomicInteger throttleUserPages = new AtomicInteger();
  private volatile Duration pageTokenLifetime = Duration.ofHours(1);
  private final AtomicInteger htmlErrors = new AtomicInteger();
  private volatile int htmlErrorStatus = 502;
  private final AtomicInteger unreadableErrors = new AtomicInteger();
  private volatile int unreadableErrorStatus = 400;
  private final AtomicInteger notImplemented = new AtomicInteger();
  private final AtomicInteger loopingNextLinks = new AtomicInteger();
  private final AtomicInteger entriesWithoutId = new AtomicInteger();
  private volatile boolean partialDelta;
  private volatile boolean deltaDisorder;
  private final Set<String> nullUserTypes = ConcurrentHashMap.newKeySet();
  private final Set<String> accountEnabledAsText = ConcurrentHashMap.newKeySet();
  /** Customer tenants whose access tokens issued before a sequence number are refused (a customer error). */
  private final Map<String, Long> revokedTenants = new ConcurrentHashMap<>();
  /**
   * The users of a tenant as each delta link saw them ({@code tenant:version} to id to state), so a
   * partial round can send only what changed since. Small tenants only; the oldest are forgotten.
   */
  private final Map<String, Map<String, EmulatedUser>> deltaBaselines = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, EmulatedUser>> eldest) {
          return size() > 200;
        }
      });
  /** Tenants larger than this keep no delta baselines (a 200,000-user benchmark tenant would not fit). */
  private static final int BASELINE_MAX_USERS = 5_000;
  private volatile boolean deltaExpiryCodeInInnerError;
  private final AtomicInteger identityThrottle = new AtomicInteger();
  private final AtomicInteger identityUnavailable = new AtomicInteger();
  private final AtomicInteger identityMalformed = new AtomicInteger();
  private volatile boolean rejectToken;
  private volatile Integer revokedRefreshCode;
  private volatile boolean partnerForbidden;
  private final Map<String, TokenFault> tenantTokenFaults = new ConcurrentHashMap<>();
  private final Set<String> forbiddenTenants = ConcurrentHashMap.newKeySet();
  private volatile AuthorizeFault authorizeFault;
  private volatile int deltaGeneration = 1;
  private volatile boolean deltaExpiryAsGone;
  private volatile long accessTokensValidFrom = Long.MIN_VALUE;

  public GraphEmulator(EmulatedDirectory directory) {
    this(directory, DEFAULT_PARTNER_TENANT_ID);
  }

  public GraphEmulator(EmulatedDirectory directory, String partnerTenantId) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.partnerTenantId = partnerTenantId.toLowerCase(Locale.ROOT);
    apps.put(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
    redirectUris.addAll(List.of(DEFAULT_REDIRECT_URI, "https://psa.example/cb"));
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handle(request);
      }
    });
  }

  /** Creates and starts an emulator on 127.0.0.1 (a free port). */
  public static GraphEmulator start(EmulatedDirectory directory) {
    GraphEmulator emulator = new GraphEmulator(directory);
    emulator.start();
    return emulator;
  }

  public GraphEmulator start() {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      // MockWebServer gives up after 5 s when a connection task of a call the client abandoned (a
      // cancelled prefetch) has not wound down yet; the server socket is closed either way.
      if (!String.valueOf(e.getMessage()).contains("Gave up waiting")) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---------------------------------------------------------------- configuration

  public EmulatedDirectory directory() { return directory; }
  public String partnerTenantId() { return partnerTenantId; }
  public String clientId() { return DEFAULT_CLIENT_ID; }
  public String clientSecret() { return DEFAULT_CLIENT_SECRET; }

  /** {@code http://127.0.0.1:<port>}: the authority base URL. */
  public String authorityBaseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** {@code http://127.0.0.1:<port>/v1.0}: the Graph base URL. */
  public String graphBaseUrl() {
    return authorityBaseUrl() + "/v1.0";
  }

  /** A config builder pointing at this emulator (small backoffs so tests stay fast). */
  public GraphConnectionConfig.Builder connectionConfig() {
    return GraphConnectionConfig.builder()
        .authorityBaseUrl(authorityBaseUrl())
        .graphBaseUrl(graphBaseUrl())
        .redirectUri(DEFAULT_REDIRECT_URI)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10))
        .retryPolicy(UpstreamRetryPolicy.BACKGROUND.withWaits(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(30)))
        .interactiveRetryPolicy(UpstreamRetryPolicy.INTERACTIVE.withWaits(Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  /**
   * The delegated Graph permissions the app has consent for in {@code tenant} (a customer tenant id, or
   * {@code "partner"}), e.g. {@code "User.ReadBasic.All"}: tokens issued there carry only these (a
   * partner sign-in gets the requested ones that are consented). Graph checks them per route:
   * {@code delegatedAdminCustomers} needs {@code DelegatedAdminRelationship.Read.All}; {@code /users}
   * and {@code /users/delta} need {@code User.Read.All} (or {@code Directory.Read.All}) for every
   * property and answer only the basic profile with {@code User.ReadBasic.All} ({@code accountEnabled}
   * and the rest absent), 403 without either. Configuration, not a fault: {@link #clearFaults()} keeps it.
   */
  public GraphEmulator consentedScopes(String tenant, String... scopes) {
    List<String> full = new ArrayList<>();
    for (String scope : scopes) {
      full.add(scope.startsWith(GRAPH_RESOURCE) ? scope : GRAPH_RESOURCE + scope);
    }
    consentedScopes.put(tenant.toLowerCase(Locale.ROOT), List.copyOf(full));
    return this;
  }

  private List<String> consented(String tenant) {
    return consentedScopes.getOrDefault(tenant.equals(partnerTenantId) ? "partner" : tenant, CONSENTED_GRAPH_SCOPES);
  }

  /** Registers another redirect URI on the app (authorize refuses any other with AADSTS50011). */
  public GraphEmulator registerRedirectUri(String uri) {
    redirectUris.add(uri);
    return this;
  }

  /** Registers another app (client id and secret). */
  public GraphEmulator registerApp(String clientId, String clientSecret) {
    apps.put(clientId, clientSecret);
    return this;
  }

  /** Stores the emulator's app credentials as the MSP tenant's {@code microsoft_*} tenant secrets. */
  public void storeAppCredentials(SecretProvider secrets, MspTenantId msp) {
    secrets.putTenantSecret(msp, SecretKeys.MICROSOFT_CLIENT_ID, clientId());
    secrets.putTenantSecret(msp, SecretKeys.MICROSOFT_CLIENT_SECRET, clientSecret());
    secrets.putTenantSecret(msp, SecretKeys.MICROSOFT_TENANT_ID, partnerTenantId);
  }

  /** Stores a grant the way the connection lifecycle does (the {@code entra_direct_*} secrets). */
  public static void storeGrant(SecretProvider secrets, MspTenantId msp, PartnerGrant grant) {
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_ACCESS_TOKEN, grant.accessToken());
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_REFRESH_TOKEN, grant.refreshToken());
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_EXPIRES_AT, grant.expiresAt().toString());
    if (grant.partnerTenantId() != null) {
      secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_PARTNER_TENANT_ID, grant.partnerTenantId());
    }
    if (grant.scope() != null) {
      secrets.putTenantSecret(msp, SecretKeys.ENTRA_DIRECT_TOKEN_SCOPE, grant.scope());
    }
  }

  public GraphEmulator clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
  public GraphEmulator accessTokenLifetime(Duration d) { this.accessTokenLifetime = d; return this; }
  /**
   * Runs {@code action} (given the authority: a customer tenant id, or the partner tenant) while a
   * refresh-token request is being answered, after it was received and before its answer is sent:
   * what happens meanwhile elsewhere (a disconnect, a new sign-in) happens during the token call.
   * Null removes it.
   */
  public GraphEmulator whileIssuingRefresh(java.util.function.Consumer<String> action) {
    this.whileIssuingRefresh = action;
    return this;
  }

  /** Every token endpoint answer waits this long (to widen race windows in concurrency tests). */
  public GraphEmulator tokenLatency(Duration d) { this.tokenLatency = d; return this; }
  /**
   * Every Graph answer ({@code /v1.0/...}) waits this long before anything else happens, as the round
   * trip to Graph and its work would (the MSP-scale benchmark injects 50 ms). Concurrent requests
   * wait side by side: each connection is served on its own thread.
   */
  public GraphEmulator graphLatency(Duration d) { this.graphLatency = Objects.requireNonNull(d); return this; }
  /** The largest {@code delegatedAdminCustomers} page the server returns, whatever {@code $top} says. */
  public GraphEmulator customersPageCap(int n) { this.customersPageCap = n; return this; }
  /** Entries per {@code /users/delta} page. */
  public GraphEmulator deltaPageSize(int n) { this.deltaPageSize = n; return this; }
  /**
   * The {@code Retry-After} seconds of throttled (429) and unavailable (503) answers (default 1). With
   * 0, a 503 carries no {@code Retry-After} (OkHttp repeats a "503, Retry-After: 0" on its own).
   */
  public GraphEmulator retryAfterSeconds(int seconds) { this.retryAfterSeconds = seconds; return this; }

  // ---------------------------------------------------------------- faults

  /**
   * The scenario runner's {@code fault} step. {@code target}: {@code graph} or {@code identity};
   * {@code kind}: {@code throttle}, {@code unavailable}, {@code malformed} (next {@code count}
   * requests of that target), {@code truncatePaging} (the next {@code count} next-link requests fail),
   * {@code revokeRefreshToken}, {@code rejectToken} (until {@link #clearFaults()}).
   */
  public void fault(String target, String kind, int count) {
    fault(target, kind, count, Map.of());
  }

  /**
   * The scenario runner's {@code fault} step with its other fields ({@code options}, as text): {@code
   * retryAfterSeconds} for {@code throttle}; {@code tenantId} and {@code aadsts} for {@code
   * customerTokenError} (target {@code identity}). Also {@code partialDelta}, {@code expirePageToken} and
   * {@code entriesWithoutId} (the next {@code count} user pages carry an entry without an id; target {@code graph}).
   */
  public void fault(String target, String kind, int count, Map<String, String> options) {
    int n = Math.max(1, count);
    String t = target == null ? "" : target.toLowerCase(Locale.ROOT);
    if (!t.equals("graph") && !t.equals("identity")) {
      throw new IllegalArgumentException("The Graph emulator has no fault target '" + target + "'");
    }
    boolean graph = t.equals("graph");
    String retryAfter = options.get("retryAfterSeconds");
    switch (kind == null ? "" : kind) {
      case "throttle":
        if (retryAfter != null && graph) {
          throttleGraph(n, retryAfter);
        } else if (retryAfter != null) {
          identityThrottleRetryAfter = retryAfter;
          identityThrottle.addAndGet(n);
        } else {
          (graph ? graphThrottle : identityThrottle).addAndGet(n);
        }
        break;
      case "customerTokenError": {
        String tenantId = options.get("tenantId");
        String aadsts = options.get("aadsts");
        if (graph || tenantId == null || aadsts == null) {
          throw new IllegalArgumentException("customerTokenError needs target identity, a tenantId and an aadsts code");
        }
        customerTokenError(tenantId, Integer.parseInt(aadsts.replaceFirst("(?i)^AADSTS", "")));
        break;
      }
      case "unavailable":
        (graph ? graphUnavailable : identityUnavailable).addAndGet(n);
        break;
      case "malformed":
        (graph ? graphMalformed : identityMalformed).addAndGet(n);
        break;
      case "truncatePaging":
        truncatePaging.addAndGet(n);
        break;
      case "expirePageToken":
        expirePageToken(n);
        break;
      case "partialDelta":
        partialDelta();
        break;
      case "entriesWithoutId":
        // the chaos suite's unreadable rows, for regression scenarios (not in FORMAT.md's list)
        entriesWithoutId(n);
        break;
      case "revokeRefreshToken":
        revokeRefreshTokens();
        break;
      case "rejectToken":
        rejectToken();
        break;
      default:
        throw new IllegalArgumentException("Unknown fault kind '" + kind + "' for target " + target);
    }
  }

  public GraphEmulator throttleGraph(int count) { graphThrottle.addAndGet(count); return this; }
  /**
   * Until {@link #clearFaults()}, every {@code n}-th Graph request answers 429 with {@code Retry-After}
   * (a steady share of throttling, as a large partner meets it); 0 ends it.
   */
  public GraphEmulator throttleGraphEvery(int n) {
    throttleEvery = n;
    return this;
  }

  /**
   * The next {@code count} Graph requests answer 429 with this {@code Retry-After} value, verbatim
   * (Graph's own throttling sample sends fractional seconds, {@code 2.128}).
   */
  public GraphEmulator throttleGraph(int count, String retryAfter) {
    throttleRetryAfter = retryAfter;
    graphThrottle.addAndGet(count);
    return this;
  }
  public GraphEmulator unavailableGraph(int count) { graphUnavailable.addAndGet(count); return this; }
  public GraphEmulator malformedGraph(int count) { graphMalformed.addAndGet(count); return this; }
  public GraphEmulator throttleIdentity(int count) { identityThrottle.addAndGet(count); return this; }
  public GraphEmulator unavailableIdentity(int count) { identityUnavailable.addAndGet(count); return this; }
  public GraphEmulator malformedIdentity(int count) { identityMalformed.addAndGet(count); return this; }
  /** The next {@code count} requests that follow a next link (carry {@code $skiptoken}) fail with 500. */
  public GraphEmulator truncatePaging(int count) { truncatePaging.addAndGet(count); return this; }
  /**
   * The next {@code count} {@code /users} continuation requests (those with a {@code $skiptoken})
   * answer 400 {@code Directory_ExpiredPageToken}, as Graph does while paging a large tenant.
   */
  public GraphEmulator expirePageToken(int count) {
    expirePageTokens.addAndGet(count);
    return this;
  }

  /**
   * The next {@code count} {@code /users} continuation requests (those with a {@code $skiptoken}: the
   * pages a listing fetches ahead) answer 429 with the {@code Retry-After} of {@link #retryAfterSeconds}.
   */
  public GraphEmulator throttleUserPages(int count) {
    throttleUserPages.addAndGet(count);
    return this;
  }

  /**
   * How long a {@code /users} page token stays valid after it was issued (on the emulator's clock;
   * default one hour, null: forever); an older one answers 400 {@code Directory_ExpiredPageToken}.
   */
  public GraphEmulator pageTokenLifetime(Duration lifetime) {
    this.pageTokenLifetime = lifetime;
    return this;
  }

  /**
   * The next {@code count} Graph requests answer {@code status} (502 or 504) with an HTML page, as the
   * gateway in front of Graph does, still with {@code Retry-After}.
   */
  public GraphEmulator htmlError(int status, int count) {
    htmlErrorStatus = status;
    htmlErrors.addAndGet(count);
    return this;
  }

  /** The next {@code count} Graph requests answer {@code status} with a JSON error body that is cut off. */
  public GraphEmulator unreadableError(int status, int count) {
    unreadableErrorStatus = status;
    unreadableErrors.addAndGet(count);
    return this;
  }

  /** The next {@code count} Graph requests answer 501 {@code NotImplemented} (errors.md). */
  public GraphEmulator notImplemented(int count) {
    notImplemented.addAndGet(count);
    return this;
  }

  /**
   * The next {@code count} {@code /users} and {@code /users/delta} pages that have a next link carry
   * the very URL that was requested as their next link (a paging loop).
   */
  public GraphEmulator loopNextLinks(int count) {
    loopingNextLinks.addAndGet(count);
    return this;
  }

  /**
   * The next {@code count} {@code /users} and {@code /users/delta} pages carry one more entry, without
   * an {@code id} (a record no client can tell apart from another).
   */
  public GraphEmulator entriesWithoutId(int count) {
    entriesWithoutId.addAndGet(count);
    return this;
  }

  /**
   * From now until {@link #clearFaults()}, later delta rounds return each changed user as its id plus
   * only the properties that changed since the round's delta link (as real Graph may; with {@code
   * Prefer: return=minimal} it always does). A user new since then comes whole.
   */
  public GraphEmulator partialDelta() {
    partialDelta = true;
    return this;
  }

  /**
   * From now until {@link #clearFaults()}, every delta page lists its entries in reverse order and
   * repeats its first entry at its end (delta-query-overview: replays happen and order is not
   * guaranteed).
   */
  public GraphEmulator deltaDuplicatesAndDisorder() {
    deltaDisorder = true;
    return this;
  }

  /** This user is rendered with {@code "userType": null} (older accounts have none). */
  public GraphEmulator nullUserType(String userId) {
    nullUserTypes.add(userId);
    return this;
  }

  /**
   * This user's {@code accountEnabled} is rendered as a JSON string ({@code "true"}) instead of a
   * boolean, until {@link #clearFaults()}: an entry whose id is readable and one property is not.
   */
  public GraphEmulator accountEnabledAsText(String userId) {
    accountEnabledAsText.add(userId);
    return this;
  }

  /** Every Graph request gets 401 {@code InvalidAuthenticationToken} until {@link #clearFaults()}. */
  public GraphEmulator rejectToken() { rejectToken = true; return this; }

  /** Every refresh token grant fails with {@code invalid_grant} AADSTS70008 until {@link #clearFaults()}. */
  public GraphEmulator revokeRefreshTokens() { return revokeRefreshTokens(70008); }

  /** As {@link #revokeRefreshTokens()}, with another code (50173, 700082, 70043, 50132, 50133). */
  public GraphEmulator revokeRefreshTokens(int aadsts) { revokedRefreshCode = aadsts; return this; }

  /** Token requests against this customer tenant fail with {@code invalid_grant} AADSTS65001. */
  public GraphEmulator consentMissing(String tenantId) {
    return tokenError(tenantId, 400, "invalid_grant", 65001,
        "The user or administrator has not consented to use the application with ID '" + DEFAULT_CLIENT_ID
            + "' named 'entrasync'. Send an interactive authorization request for this user and resource.");
  }

  /**
   * The scenario runner's per-customer {@code customerTokenError}: the identity platform refuses token
   * requests for this one customer tenant with AADSTS{@code aadsts} and the error body it really sends
   * for it, until {@link #clearFaults()}; the partner's own tokens keep working. Known codes: 700016
   * (the app has no service principal there: {@code unauthorized_client}), 50020 and 50177 (the partner
   * user has no access there through GDAP), 53003 (blocked by the customer's Conditional Access:
   * {@code interaction_required}), 65001 (no consent), 530034, 90002; any other code answers {@code
   * invalid_grant}.
   */
  public GraphEmulator customerTokenError(String tenantId, int aadsts) {
    String tenant = tenantId.toLowerCase(Locale.ROOT);
    // the tenant's tokens already issued stop working too (consent revoked, relationship ended: Graph
    // answers 401 and the next token request meets the error)
    revokedTenants.put(tenant, issueSequence.get() + 1);
    String name = directory.tenant(tenant).map(EmulatedTenant::displayName).orElse(tenant);
    switch (aadsts) {
      case 700016:
        return tokenError(tenant, 400, "unauthorized_client", aadsts, "Application with identifier '" + DEFAULT_CLIENT_ID
            + "' was not found in the directory '" + name + "'. This can happen if the application has not been"
            + " installed by the administrator of the tenant or consented to by any user in the tenant. You may have"
            + " sent your authentication request to the wrong tenant.");
      case 50020:
        return tokenError(tenant, 400, "invalid_grant", aadsts, "User account '" + PARTNER_ADMIN_UPN + "' from identity"
            + " provider 'https://sts.windows.net/" + partnerTenantId + "/' does not exist in tenant '" + name + "' and"
            + " cannot access the application '" + DEFAULT_CLIENT_ID + "'(entrasync) in that tenant. The account needs to"
            + " be added as an external user in the tenant first. Sign out and sign in again with a different Azure"
            + " Active Directory user account.");
      case 50177:
        return tokenError(tenant, 400, "invalid_grant", aadsts, "External challenge is not supported for passthrough"
            + " users.");
      case 53003:
        return tokenError(tenant, 400, "interaction_required", aadsts, "Access has been blocked by Conditional Access"
            + " policies. The access policy does not allow token issuance.");
      case 65001:
        return consentMissing(tenantId);
      case 90002:
        return tokenError(tenant, 400, "invalid_request", aadsts, "Tenant '" + tenant + "' not found. Check to make sure"
            + " you have the correct tenant ID and are signing into the correct cloud.");
      default:
        return tokenError(tenant, 400, "invalid_grant", aadsts, "The identity platform refused the request.");
    }
  }

  /**
   * The partner's GDAP relationship with this customer ended, while {@code delegatedAdminCustomers}
   * still lists the customer: its token requests fail with AADSTS50020 (the partner user has no access
   * there any more), until {@link #clearFaults()}.
   */
  public GraphEmulator endRelationship(String tenantId) {
    return customerTokenError(tenantId, 50020);
  }

  /**
   * Token requests against {@code tenant} (a customer tenant id, or {@code "partner"} for the partner's
   * own authority) fail with this error until {@link #clearFaults()}.
   */
  public GraphEmulator tokenError(String tenant, int status, String error, int aadsts, String description) {
    tenantTokenFaults.put(tenant.toLowerCase(Locale.ROOT), new TokenFault(status, error, aadsts, description));
    return this;
  }

  /** Graph calls into this customer tenant get 403 {@code Authorization_RequestDenied} (no GDAP role). */
  public GraphEmulator forbidTenant(String tenantId) {
    forbiddenTenants.add(tenantId.toLowerCase(Locale.ROOT));
    return this;
  }

  /** The partner token may not read {@code delegatedAdminCustomers} (403). */
  public GraphEmulator forbidPartner() {
    partnerForbidden = true;
    return this;
  }

  /** The next authorize request redirects back with this error instead of a code. */
  public GraphEmulator failNextAuthorization(String error, String description) {
    authorizeFault = new AuthorizeFault(error, description);
    return this;
  }

  /** Every delta or skip token issued so far is expired: 400 {@code syncStateNotFound}. */
  public GraphEmulator expireDeltaTokens() {
    deltaExpiryAsGone = false;
    deltaExpiryCodeInInnerError = false;
    deltaGeneration++;
    return this;
  }

  /**
   * As {@link #expireDeltaTokens()}, but the answer names {@code resyncRequired} only in its {@code
   * innerError} (its top-level code is a generic {@code badRequest}): errors.md tells clients to walk the
   * nested codes.
   */
  public GraphEmulator expireDeltaTokensCodeInInnerError() {
    expireDeltaTokens();
    deltaExpiryCodeInInnerError = true;
    return this;
  }

  /** Every delta or skip token issued so far is gone: 410 with {@code Location} = the initial URL. */
  public GraphEmulator expireDeltaTokensAsGone() {
    deltaExpiryAsGone = true;
    deltaGeneration++;
    return this;
  }

  /** Every access token issued so far is refused (401); refresh tokens keep working. */
  public GraphEmulator invalidateAccessTokens() {
    accessTokensValidFrom = issueSequence.get() + 1;
    return this;
  }

  public void clearFaults() {
    graphThrottle.set(0);
    throttleEvery = 0;
    throttleRetryAfter = null;
    identityThrottleRetryAfter = null;
    revokedTenants.clear();
    graphUnavailable.set(0);
    graphMalformed.set(0);
    truncatePaging.set(0);
    htmlErrors.set(0);
    expirePageTokens.set(0);
    throttleUserPages.set(0);
    unreadableErrors.set(0);
    notImplemented.set(0);
    loopingNextLinks.set(0);
    entriesWithoutId.set(0);
    accountEnabledAsText.clear();
    partialDelta = false;
    deltaDisorder = false;
    identityThrottle.set(0);
    identityUnavailable.set(0);
    identityMalformed.set(0);
    rejectToken = false;
    revokedRefreshCode = null;
    partnerForbidden = false;
    tenantTokenFaults.clear();
    forbiddenTenants.clear();
    authorizeFault = null;
  }

  // ---------------------------------------------------------------- request log

  /**
   * One request the emulator answered.
   *
   * @param throttlePriority the request's {@code x-ms-throttle-priority} header, or null
   */
  public record Call(
      Instant at,
      String method,
      String path,
      Map<String, String> query,
      String endpoint,
      String tenant,
      String grantType,
      int status,
      String throttlePriority) {

    public boolean isToken() { return "token".equals(endpoint); }
    public boolean isGraph() { return "graph".equals(endpoint); }
    public boolean isAuthorize() { return "authorize".equals(endpoint); }
  }

  public List<Call> requests() {
    return List.copyOf(calls);
  }

  public List<Call> requests(Predicate<Call> filter) {
    return calls.stream().filter(filter).collect(Collectors.toList());
  }

  /** Token endpoint requests whose authority is {@code tenant}. */
  public List<Call> tokenRequests(String tenant) {
    return requests(c -> c.isToken() && tenant.equalsIgnoreCase(c.tenant()));
  }

  /** Graph requests whose path (after {@code /v1.0}) starts with {@code prefix}. */
  public List<Call> graphRequests(String prefix) {
    return requests(c -> c.isGraph() && c.path().startsWith("/v1.0" + prefix));
  }

  public void clearRequests() {
    calls.clear();
  }

  /** Every token, code and refresh token the emulator ever issued (for "no token in logs" checks). */
  public Set<String> issuedSecrets() {
    return Set.copyOf(issuedSecrets);
  }

  // ---------------------------------------------------------------- browser helper

  /**
   * "Clicks through" an authorization URL as the partner admin: sends the GET, expects the 302 to the
   * redirect URI and returns the callback's query parameters ({@code code} and {@code state}, or
   * {@code error} and {@code error_description}).
   */
  public Map<String, String> authorize(URI authorizationUrl) {
    OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();
    try (Response response = browser.newCall(new Request.Builder().url(authorizationUrl.toString()).build()).execute()) {
      if (response.code() != 302) {
        throw new IllegalStateException("The authorize endpoint answered " + response.code() + ": "
            + (response.body() == null ? "" : response.body().string()));
      }
      HttpUrl location = HttpUrl.get(Objects.requireNonNull(response.header("Location"), "Location"));
      Map<String, String> params = new LinkedHashMap<>();
      for (String name : location.queryParameterNames()) {
        params.put(name, location.queryParameter(name));
      }
      return params;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      browser.connectionPool().evictAll();
    }
  }

  // ---------------------------------------------------------------- dispatch

  private MockResponse handle(RecordedRequest request) {
    HttpUrl url = request.getRequestUrl();
    String path = url == null ? "/" : url.encodedPath().replace("%24", "$");
    Map<String, String> query = new LinkedHashMap<>();
    if (url != null) {
      for (String name : url.queryParameterNames()) {
        query.put(name, url.queryParameter(name));
      }
    }
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    Outcome outcome;
    try {
      if (segments.size() == 4 && segments.get(1).equals("oauth2") && segments.get(2).equals("v2.0")
          && segments.get(3).equals("authorize")) {
        outcome = authorizeEndpoint(segments.get(0), query);
      } else if (segments.size() == 4 && segments.get(1).equals("oauth2") && segments.get(2).equals("v2.0")
          && segments.get(3).equals("token")) {
        outcome = tokenEndpoint(segments.get(0), request);
      } else if (!segments.isEmpty() && segments.get(0).equals("v1.0")) {
        outcome = graph(request, segments.subList(1, segments.size()), query);
      } else {
        outcome = new Outcome(json(404, graphError("ResourceNotFound", "No such endpoint in the emulator: " + path)),
            "other", null, null);
      }
    } catch (RuntimeException e) {
      outcome = new Outcome(json(500, graphError("InternalServerError", "Emulator failure: " + e)), "other", null, null);
    }
    calls.add(new Call(clock.instant(), request.getMethod(), path, Map.copyOf(query), outcome.endpoint,
        outcome.tenant, outcome.grantType, statusOf(outcome.response), request.getHeader("x-ms-throttle-priority")));
    return outcome.response;
  }

  private record Outcome(MockResponse response, String endpoint, String tenant, String grantType) {}

  private static int statusOf(MockResponse response) {
    String[] parts = response.getStatus().split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
  }

  // ---------------------------------------------------------------- identity platform

  private Outcome authorizeEndpoint(String tenant, Map<String, String> q) {
    String clientId = q.get("client_id");
    if (clientId == null || !apps.containsKey(clientId)) {
      return new Outcome(text(400, "AADSTS700016: Application with identifier '" + clientId
          + "' was not found in the directory."), "authorize", tenant, null);
    }
    String redirect = q.get("redirect_uri");
    if (redirect == null || HttpUrl.parse(redirect) == null) {
      return new Outcome(text(400, "AADSTS900144: The request body must contain the following parameter: 'redirect_uri'."),
          "authorize", tenant, null);
    }
    if (!redirectUris.contains(redirect)) {
      // the identity platform shows an error page; it never redirects to an unregistered address
      return new Outcome(text(400, "AADSTS50011: The redirect URI '" + redirect + "' specified in the request does"
          + " not match the redirect URIs configured for the application '" + clientId + "'. Make sure the redirect URI"
          + " sent in the request matches one added to your application in the Azure portal."), "authorize", tenant, null);
    }
    HttpUrl.Builder back = HttpUrl.get(redirect).newBuilder();
    String state = q.get("state");
    AuthorizeFault fault = authorizeFault;
    if (fault != null) {
      authorizeFault = null;
      back.addQueryParameter("error", fault.error).addQueryParameter("error_description", fault.description);
    } else if (!"code".equals(q.get("response_type"))) {
      back.addQueryParameter("error", "unsupported_response_type")
          .addQueryParameter("error_description", "AADSTS700054: response_type 'code' is required.");
    } else if (q.get("code_challenge") != null && !"S256".equals(q.get("code_challenge_method"))) {
      back.addQueryParameter("error", "invalid_request")
          .addQueryParameter("error_description", "AADSTS501491: Invalid code_challenge_method.");
    } else {
      String code = "0.EMU" + randomToken(48);
      codes.put(code, new AuthCode(clientId, redirect, q.get("code_challenge"), q.getOrDefault("scope", ""),
          clock.instant().plus(CODE_LIFETIME)));
      issuedSecrets.add(code);
      back.addQueryParameter("code", code);
    }
    if (state != null) {
      back.addQueryParameter("state", state);
    }
    return new Outcome(new MockResponse().setResponseCode(302).setHeader("Location", back.build().toString()),
        "authorize", tenant, null);
  }

  private Outcome tokenEndpoint(String pathTenant, RecordedRequest request) {
    sleep(tokenLatency);
    String tenant = pathTenant.toLowerCase(Locale.ROOT);
    Map<String, String> form = parseForm(request.getBody().readUtf8());
    String grantType = form.get("grant_type");
    java.util.function.Consumer<String> meanwhile = whileIssuingRefresh;
    if (meanwhile != null && "refresh_token".equals(grantType)) {
      meanwhile.accept(tenant.equals("organizations") || tenant.equals("common") ? partnerTenantId : tenant);
    }
    MockResponse response = token(tenant, form, request.getHeader("Authorization"));
    if (identityMalformed.get() > 0 && response.getStatus().contains(" 200 ") && identityMalformed.getAndDecrement() > 0) {
      response = new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody("{\"token_type\":\"Bearer\",\"access_tok");
    }
    return new Outcome(response, "token", tenant, grantType);
  }

  private MockResponse token(String tenant, Map<String, String> form, String authorization) {
    if (identityThrottle.get() > 0 && identityThrottle.getAndDecrement() > 0) {
      String wait = identityThrottleRetryAfter != null ? identityThrottleRetryAfter : String.valueOf(retryAfterSeconds);
      return tokenError(429, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.")
          .setHeader("Retry-After", wait);
    }
    if (identityUnavailable.get() > 0 && identityUnavailable.getAndDecrement() > 0) {
      MockResponse unavailable = tokenError(503, "temporarily_unavailable", 90033,
          "A transient error has occurred. Please try again.");
      if (retryAfterSeconds > 0) {
        unavailable.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
      }
      return unavailable;
    }
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    if (authorization != null && authorization.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      clientId = pair[0];
      secret = pair.length > 1 ? pair[1] : null;
    }
    if (clientId == null || !apps.containsKey(clientId)) {
      return tokenError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
          + "' was not found in the directory 'Emulated'.");
    }
    if (secret == null || !secret.equals(apps.get(clientId))) {
      return tokenError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent"
          + " in the request is the client secret value, not the client secret ID, for a secret added to app '"
          + clientId + "'.");
    }
    boolean partnerAuthority = tenant.equals("organizations") || tenant.equals("common") || tenant.equals(partnerTenantId);
    Optional<EmulatedTenant> customer = partnerAuthority ? Optional.empty() : directory.tenant(tenant);
    if (!partnerAuthority && customer.isEmpty()) {
      return tokenError(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you have"
          + " the correct tenant ID and are signing into the correct cloud.");
    }
    String grantType = form.getOrDefault("grant_type", "");
    String issuedTenant = partnerAuthority ? partnerTenantId : customer.get().id();
    switch (grantType) {
      case "authorization_code":
        return redeemCode(clientId, issuedTenant, form);
      case "refresh_token":
        return redeemRefreshToken(clientId, partnerAuthority, issuedTenant, form);
      default:
        return tokenError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
            + grantType + "'.");
    }
  }

  private MockResponse redeemCode(String clientId, String issuedTenant, Map<String, String> form) {
    String code = form.get("code");
    AuthCode auth = code == null ? null : codes.get(code);
    if (auth == null) {
      return tokenError(400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");
    }
    synchronized (auth) {
      if (auth.redeemed) {
        return tokenError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please"
            + " retry with a new valid code or use an existing refresh token.");
      }
      if (clock.instant().isAfter(auth.expiresAt)) {
        return tokenError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired"
            + " due to inactivity. Send a new interactive authorization request for this user and resource.");
      }
      if (!auth.clientId.equals(clientId)) {
        return tokenError(400, "invalid_grant", 70000, "The code was issued to another client.");
      }
      if (!auth.redirectUri.equals(form.get("redirect_uri"))) {
        return tokenError(400, "invalid_grant", 70000, "The redirect URI does not match the one of the authorization"
            + " request.");
      }
      if (auth.challenge != null) {
        String verifier = form.get("code_verifier");
        if (verifier == null || !s256(verifier).equals(auth.challenge)) {
          return tokenError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge"
              + " supplied in the authorization request for PKCE.");
        }
      }
      auth.redeemed = true;
    }
    List<String> requested = scopes(form.getOrDefault("scope", auth.scope));
    return issue(clientId, issuedTenant, requested, requested.contains("offline_access"), requested.contains("openid"));
  }

  private MockResponse redeemRefreshToken(String clientId, boolean partnerAuthority, String issuedTenant,
      Map<String, String> form) {
    String presented = form.get("refresh_token");
    RefreshGrant grant = presented == null ? null : refreshTokens.get(presented);
    if (grant == null || !grant.clientId.equals(clientId)) {
      return tokenError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
    }
    Integer revoked = revokedRefreshCode;
    if (revoked != null) {
      return tokenError(400, "invalid_grant", revoked, revokedDescription(revoked));
    }
    TokenFault fault = tenantTokenFaults.get(partnerAuthority ? "partner" : issuedTenant);
    if (fault != null) {
      return tokenError(fault.status, fault.error, fault.code, fault.description);
    }
    List<String> requested = scopes(form.getOrDefault("scope", String.join(" ", grant.scopes)));
    return issue(clientId, issuedTenant, requested, true, requested.contains("openid"));
  }

  private static String revokedDescription(int code) {
    switch (code) {
      case 50173:
        return "The provided grant has expired due to it being revoked, a fresh auth token is needed.";
      case 700082:
        return "The refresh token has expired due to inactivity.";
      case 70043:
        return "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.";
      default:
        return "The refresh token has expired or was revoked. Send a new interactive authorization request for this"
            + " user and resource.";
    }
  }

  private MockResponse issue(String clientId, String tenant, List<String> requested, boolean withRefresh, boolean withId) {
    List<String> resourceScopes = new ArrayList<>();
    List<String> consented = consented(tenant);
    for (String s : requested) {
      if (s.equals("https://graph.microsoft.com/.default")) {
        resourceScopes.addAll(consented);
      } else if (s.startsWith(GRAPH_RESOURCE) && consented.stream().anyMatch(c -> c.equalsIgnoreCase(s))) {
        resourceScopes.add(s);
      }
    }
    Instant now = clock.instant();
    long lifetime = accessTokenLifetime.toSeconds();
    long sequence = issueSequence.incrementAndGet();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", "https://graph.microsoft.com");
    claims.put("iss", "https://sts.windows.net/" + tenant + "/");
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", now.getEpochSecond() + lifetime);
    claims.put("appid", clientId);
    claims.put("oid", PARTNER_ADMIN_OID);
    claims.put("upn", PARTNER_ADMIN_UPN);
    claims.put("scp", resourceScopes.stream().map(s -> s.substring(GRAPH_RESOURCE.length())).collect(Collectors.joining(" ")));
    claims.put("tid", tenant);
    claims.put("uti", randomToken(16));
    String accessToken = jwt(claims);
    Set<String> granted = resourceScopes.stream().map(s -> s.substring(GRAPH_RESOURCE.length()).toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    accessTokens.put(accessToken, new AccessGrant(tenant, now.plusSeconds(lifetime), sequence, granted));
    issuedSecrets.add(accessToken);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("scope", String.join(" ", resourceScopes));
    body.put("expires_in", lifetime);
    body.put("ext_expires_in", lifetime);
    body.put("access_token", accessToken);
    if (withRefresh) {
      String refreshToken = "1.EMU" + randomToken(96);
      refreshTokens.put(refreshToken, new RefreshGrant(clientId, requested));
      issuedSecrets.add(refreshToken);
      body.put("refresh_token", refreshToken);
    }
    if (withId) {
      Map<String, Object> id = new LinkedHashMap<>();
      id.put("aud", clientId);
      id.put("iss", "https://login.microsoftonline.com/" + tenant + "/v2.0");
      id.put("iat", now.getEpochSecond());
      id.put("nbf", now.getEpochSecond());
      id.put("exp", now.getEpochSecond() + lifetime);
      id.put("name", "Partner Admin");
      id.put("oid", PARTNER_ADMIN_OID);
      id.put("preferred_username", PARTNER_ADMIN_UPN);
      id.put("tid", tenant);
      id.put("ver", "2.0");
      String idToken = jwt(id);
      issuedSecrets.add(idToken);
      body.put("id_token", idToken);
    }
    return json(200, body);
  }

  private MockResponse tokenError(int status, String error, int code, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    String traceId = UUID.randomUUID().toString();
    String correlationId = UUID.randomUUID().toString();
    String timestamp = clock.instant().toString().replace("T", " ");
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + traceId
        + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
    body.put("error_codes", List.of(code));
    body.put("timestamp", timestamp);
    body.put("trace_id", traceId);
    body.put("correlation_id", correlationId);
    body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
    return json(status, body);
  }

  // ---------------------------------------------------------------- Graph

  private Outcome graph(RecordedRequest request, List<String> segments, Map<String, String> q) {
    sleep(graphLatency);
    String bearer = request.getHeader("Authorization");
    String token = bearer != null && bearer.startsWith("Bearer ") ? bearer.substring(7).strip() : null;
    AccessGrant grant = token == null ? null : accessTokens.get(token);
    String tenant = grant == null ? null : grant.tenant;

    if (rejectToken) {
      return graphOutcome(json(401, graphError("InvalidAuthenticationToken", "Access token validation failure.")), tenant);
    }
    int every = throttleEvery;
    boolean steady = every > 0 && graphRequestCount.incrementAndGet() % every == 0;
    if (steady || (graphThrottle.get() > 0 && graphThrottle.getAndDecrement() > 0)) {
      String wait = throttleRetryAfter != null ? throttleRetryAfter : String.valueOf(retryAfterSeconds);
      return graphOutcome(json(429, graphError("TooManyRequests", "Too many requests. Please retry after the"
          + " Retry-After interval.")).setHeader("Retry-After", wait), tenant);
    }
    if (graphUnavailable.get() > 0 && graphUnavailable.getAndDecrement() > 0) {
      MockResponse unavailable = json(503, graphError("serviceNotAvailable", "The service is temporarily unavailable."));
      if (retryAfterSeconds > 0) {
        // (OkHttp itself repeats a 503 that says "Retry-After: 0" once, so 0 means: no header)
        unavailable.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
      }
      return graphOutcome(unavailable, tenant);
    }
    if (token == null || token.isEmpty()) {
      return graphOutcome(json(401, graphError("InvalidAuthenticationToken", "Access token is empty.")), null);
    }
    if (grant == null || grant.sequence < accessTokensValidFrom
        || grant.sequence < revokedTenants.getOrDefault(grant.tenant, Long.MIN_VALUE)) {
      return graphOutcome(json(401, graphError("InvalidAuthenticationToken", "Access token validation failure.")), null);
    }
    if (!clock.instant().isBefore(grant.expiresAt)) {
      return graphOutcome(json(401, graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token"
          + " is expired.")), tenant);
    }
    if (htmlErrors.get() > 0 && htmlErrors.getAndDecrement() > 0) {
      int status = htmlErrorStatus;
      String reason = status == 504 ? "Gateway Timeout" : "Bad Gateway";
      MockResponse html = new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/html")
          .setBody("<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + status + " "
              + reason + "</h1><p>The gateway did not receive a timely response.</p></body></html>");
      if (retryAfterSeconds > 0) {
        html.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
      }
      return graphOutcome(html, tenant);
    }
    if (unreadableErrors.get() > 0 && unreadableErrors.getAndDecrement() > 0) {
      return graphOutcome(new MockResponse().setResponseCode(unreadableErrorStatus)
          .setHeader("Content-Type", "application/json").setBody("{\"error\":{\"code\":\"Request_BadRequ"), tenant);
    }
    if (notImplemented.get() > 0 && notImplemented.getAndDecrement() > 0) {
      return graphOutcome(json(501, graphError("NotImplemented", "The requested feature isn't implemented.")), tenant);
    }
    if (q.containsKey("$skiptoken") && truncatePaging.get() > 0 && truncatePaging.getAndDecrement() > 0) {
      return graphOutcome(json(500, graphError("UnknownError", "The paging chain could not be continued.")), tenant);
    }
    if (!tenant.equals(partnerTenantId) && forbiddenTenants.contains(tenant)) {
      return graphOutcome(json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete"
          + " the operation.")), tenant);
    }
    String route = String.join("/", segments);
    MockResponse response;
    boolean userRoute = route.equals("users") || route.equals("users/delta") || route.equals("users/delta()");
    boolean basicOnly = userRoute && !grant.hasAny(FULL_USER_READ);
    if (route.equals("tenantRelationships/delegatedAdminCustomers") && !grant.hasAny(CUSTOMER_LIST_READ)) {
      response = json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    } else if (basicOnly && !grant.scopes().contains("user.readbasic.all")) {
      response = json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    } else if (route.equals("tenantRelationships/delegatedAdminCustomers")) {
      response = delegatedAdminCustomers(tenant, q);
    } else if (route.equals("organization")) {
      response = organization(tenant);
    } else if (route.equals("users")) {
      response = users(tenant, q, basicOnly);
    } else if (route.equals("users/$count")) {
      response = userCount(tenant, request.getHeader("ConsistencyLevel"));
    } else if (route.equals("users/delta") || route.equals("users/delta()")) {
      response = usersDelta(tenant, q, basicOnly);
    } else {
      response = json(400, graphError("BadRequest", "Resource not found for the segment '" + route + "'."));
    }
    if (userRoute && !"latest".equals(q.get("$deltatoken")) && entriesWithoutId.get() > 0 && response.getStatus().contains(" 200 ")
        && entriesWithoutId.getAndDecrement() > 0) {
      response = withEntryWithoutId(response);
    }
    if (route.startsWith("users") && loopingNextLinks.get() > 0 && response.getStatus().contains(" 200 ")) {
      response = loopNextLink(response, request.getRequestUrl());
    }
    if (graphMalformed.get() > 0 && response.getStatus().contains(" 200 ") && graphMalformed.getAndDecrement() > 0) {
      response = new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
          .setBody("{\"@odata.context\":\"" + graphBaseUrl() + "/$metadata#users\",\"value\":[{\"id\":");
    }
    return graphOutcome(response, tenant);
  }

  @SuppressWarnings("unchecked")
  private MockResponse withEntryWithoutId(MockResponse page) {
    try {
      Map<String, Object> body = json.readValue(page.getBody().readUtf8(), Map.class);
      List<Object> value = new ArrayList<>((List<Object>) body.get("value"));
      Map<String, Object> ghost = new LinkedHashMap<>();
      ghost.put("displayName", "An entry without an id");
      ghost.put("accountEnabled", true);
      value.add(ghost);
      body.put("value", value);
      return json(200, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A page whose next link is the URL just requested (only pages that have a next link). */
  @SuppressWarnings("unchecked")
  private MockResponse loopNextLink(MockResponse page, HttpUrl requested) {
    try {
      Map<String, Object> body = json.readValue(page.getBody().readUtf8(), Map.class);
      if (!body.containsKey("@odata.nextLink") || loopingNextLinks.getAndDecrement() <= 0) {
        return json(200, body);
      }
      String query = requested.encodedQuery();
      body.put("@odata.nextLink", authorityBaseUrl() + requested.encodedPath() + (query == null ? "" : "?" + query));
      return json(200, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Outcome graphOutcome(MockResponse response, String tenant) {
    return new Outcome(response, "graph", tenant, null);
  }

  private MockResponse delegatedAdminCustomers(String tenant, Map<String, String> q) {
    if (!tenant.equals(partnerTenantId)) {
      return json(403, graphError("Authorization_RequestDenied", "Only a partner tenant has delegated admin customers."));
    }
    if (partnerForbidden) {
      return json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    }
    int top;
    int offset = 0;
    if (q.containsKey("$skiptoken")) {
      String[] parts = decodeToken(q.get("$skiptoken")).split(":");
      if (parts.length != 3 || !parts[0].equals("dac")) {
        return json(400, graphError("BadRequest", "Invalid $skiptoken."));
      }
      top = Integer.parseInt(parts[1]);
      offset = Integer.parseInt(parts[2]);
    } else {
      Integer parsed = parseTop(q.get("$top"), 100);
      if (parsed == null || parsed < 1 || parsed > 300) {
        return json(400, graphError("BadRequest", "Invalid $top value; it must be between 1 and 300."));
      }
      top = parsed;
    }
    int size = Math.min(top, customersPageCap);
    List<EmulatedTenant> tenants = directory.tenants();
    List<Map<String, Object>> value = new ArrayList<>();
    for (int i = offset; i < Math.min(offset + size, tenants.size()); i++) {
      EmulatedTenant t = tenants.get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("@odata.etag", "W/\"emulated-etag-" + t.id().substring(0, 8) + "\"");
      item.put("id", t.id());
      item.put("tenantId", t.id());
      item.put("displayName", t.displayName());
      value.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", graphBaseUrl() + "/$metadata#tenantRelationships/delegatedAdminCustomers");
    if (offset + size < tenants.size()) {
      body.put("@odata.nextLink", graphBaseUrl() + "/tenantRelationships/delegatedAdminCustomers?$top=" + top
          + "&$skiptoken=" + encodeToken("dac:" + top + ":" + (offset + size)));
    }
    body.put("value", value);
    return json(200, body);
  }

  private MockResponse organization(String tenant) {
    Map<String, Object> org = new LinkedHashMap<>();
    List<Map<String, Object>> domains = new ArrayList<>();
    if (tenant.equals(partnerTenantId)) {
      org.put("id", partnerTenantId);
      org.put("displayName", "Emulated Partner");
      domains.add(domain("partner.onmicrosoft.com", true, true));
    } else {
      Optional<EmulatedTenant> t = directory.tenant(tenant);
      if (t.isEmpty()) {
        return json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
      }
      EmulatedTenant et = t.get();
      org.put("id", et.id());
      org.put("displayName", et.displayName());
      if (et.defaultDomainName() != null && !et.defaultDomainName().equalsIgnoreCase(et.initialDomainName())) {
        domains.add(domain(et.defaultDomainName(), true, false));
        domains.add(domain(et.initialDomainName(), false, true));
      } else {
        domains.add(domain(et.initialDomainName(), true, true));
      }
    }
    org.put("verifiedDomains", domains);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", graphBaseUrl() + "/$metadata#organization");
    body.put("value", List.of(org));
    return json(200, body);
  }

  private static Map<String, Object> domain(String name, boolean isDefault, boolean isInitial) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("capabilities", "Email, OfficeCommunicationsOnline");
    d.put("isDefault", isDefault);
    d.put("isInitial", isInitial);
    d.put("name", name);
    d.put("type", "Managed");
    return d;
  }

  private MockResponse users(String tenant, Map<String, String> q, boolean basicOnly) {
    Integer top = parseTop(q.get("$top"), 100);
    if (top == null || top < 1 || top > 999) {
      return json(400, graphError("Request_UnsupportedQuery", "Invalid page size specified: '" + q.get("$top")
          + "'. Must be between 1 and 999 inclusive."));
    }
    List<String> select = parseSelect(q.get("$select"));
    List<String> rendered = basicOnly
        ? select.stream().filter(BASIC_USER_PROPERTIES::contains).collect(Collectors.toList()) : select;
    String after = null;
    if (q.containsKey("$skiptoken")) {
      // keyed: the token names the last user handed out and when it was issued
      String[] parts = decodeToken(q.get("$skiptoken")).split(":", -1);
      if (parts.length != 4 || !parts[0].equals("users") || !parts[1].equals(tenant)) {
        return json(400, graphError("Request_BadRequest", "The specified page token value has expired or is invalid."));
      }
      if (throttleUserPages.get() > 0 && throttleUserPages.getAndDecrement() > 0) {
        return json(429, graphError("TooManyRequests", "Too many requests. Please retry after the Retry-After"
            + " interval.")).setHeader("Retry-After", String.valueOf(retryAfterSeconds));
      }
      Instant issued = Instant.ofEpochMilli(Long.parseLong(parts[3]));
      boolean expired = pageTokenLifetime != null && !clock.instant().isBefore(issued.plus(pageTokenLifetime));
      if (expired || (expirePageTokens.get() > 0 && expirePageTokens.getAndDecrement() > 0)) {
        return json(400, graphError("Directory_ExpiredPageToken", "The specified page token value has expired and can"
            + " no longer be included in your request."));
      }
      after = parts[2];
    }
    List<EmulatedUser> page;
    if (tenant.equals(partnerTenantId)) {
      // the partner's own token reads the partner's own directory: its staff
      String from = after;
      page = PARTNER_STAFF.stream().sorted(java.util.Comparator.comparing(EmulatedUser::id))
          .filter(u -> from == null || u.id().compareTo(from) > 0).limit(top + 1L).collect(Collectors.toList());
    } else {
      String from = after;
      page = directory.tenant(tenant).map(t -> t.pageAfter(from, top + 1)).orElse(List.of());
    }
    boolean more = page.size() > top;
    List<Map<String, Object>> value = new ArrayList<>();
    for (EmulatedUser u : page.subList(0, Math.min(top, page.size()))) {
      value.add(render(u, rendered));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", graphBaseUrl() + "/$metadata#users(" + String.join(",", select) + ")");
    if (more) {
      StringBuilder next = new StringBuilder(graphBaseUrl()).append("/users?");
      if (q.get("$select") != null) {
        next.append("$select=").append(String.join(",", select)).append('&');
      }
      String last = page.get(top - 1).id();
      next.append("$top=").append(top).append("&$skiptoken=")
          .append(encodeToken("users:" + tenant + ":" + last + ":" + clock.instant().toEpochMilli()));
      body.put("@odata.nextLink", next.toString());
    }
    body.put("value", value);
    return json(200, body);
  }

  private MockResponse userCount(String tenant, String consistencyLevel) {
    if (consistencyLevel == null || !consistencyLevel.equalsIgnoreCase("eventual")) {
      return json(400, graphError("Request_BadRequest", "$count is not currently supported."));
    }
    int count = tenant.equals(partnerTenantId) ? 0 : directory.tenant(tenant).map(EmulatedTenant::size).orElse(0);
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; charset=utf-8")
        .setBody(String.valueOf(count));
  }

  private MockResponse usersDelta(String tenant, Map<String, String> q, boolean basicOnly) {
    Optional<EmulatedTenant> t = tenant.equals(partnerTenantId) ? Optional.empty() : directory.tenant(tenant);
    if (t.isEmpty()) {
      return json(403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    }
    EmulatedTenant et = t.get();
    long since;
    long snapshot;
    long cursorVersion = -1;
    int cursorSkip = 0;
    List<String> select;
    String deltaToken = q.get("$deltatoken");
    String skipToken = q.get("$skiptoken");
    if ("latest".equals(deltaToken)) {
      select = parseSelect(q.get("$select"));
      return deltaPage(List.of(), null, deltaToken(et, directory.currentVersion(), select), select, basicOnly, null);
    }
    if (deltaToken != null || skipToken != null) {
      String[] parts = decodeToken(deltaToken != null ? deltaToken : skipToken).split(":", -1);
      boolean isDelta = deltaToken != null;
      if (parts.length != (isDelta ? 5 : 8) || !parts[0].equals(isDelta ? "dl" : "ds")) {
        return json(400, graphError("BadRequest", "Invalid delta token."));
      }
      if (Integer.parseInt(parts[1]) != deltaGeneration) {
        if (deltaExpiryAsGone) {
          return json(410, graphError("resyncRequired", "Resync required. Replace any local cached resources with the"
              + " server's version (resync) and use the delta token from the resync request."))
              .setHeader("Location", graphBaseUrl() + "/users/delta?$deltatoken=");
        }
        if (deltaExpiryCodeInInnerError) {
          return json(400, graphError("badRequest", "The delta token is no longer valid.", "resyncRequired"));
        }
        return json(400, graphError("syncStateNotFound", "The sync state generation is not found. The delta token is"
            + " expired and data must be synchronized again."));
      }
      if (!parts[2].equals(tenant)) {
        return json(400, graphError("BadRequest", "The delta token belongs to another tenant."));
      }
      since = Long.parseLong(parts[3]);
      select = parts[parts.length - 1].isEmpty() ? DEFAULT_USER_PROPERTIES : List.of(parts[parts.length - 1].split(","));
      if (isDelta) {
        snapshot = directory.currentVersion();
      } else {
        snapshot = Long.parseLong(parts[4]);
        cursorVersion = Long.parseLong(parts[5]);
        cursorSkip = Integer.parseInt(parts[6]);
      }
    } else {
      since = 0;
      snapshot = directory.currentVersion();
      select = parseSelect(q.get("$select"));
    }
    List<EmulatedTenant.Change> round = new ArrayList<>();
    for (EmulatedTenant.Change c : et.changesSince(since)) {
      if (c.version() <= snapshot) {
        round.add(c);
      }
    }
    // position after (cursorVersion, cursorSkip): entries are ordered by version
    int start = 0;
    if (cursorVersion >= 0) {
      int seenInVersion = 0;
      while (start < round.size()) {
        long v = round.get(start).version();
        if (v < cursorVersion) {
          start++;
        } else if (v == cursorVersion && seenInVersion < cursorSkip) {
          start++;
          seenInVersion++;
        } else {
          break;
        }
      }
    }
    int end = Math.min(start + deltaPageSize, round.size());
    List<EmulatedTenant.Change> page = round.subList(start, end);
    if (end < round.size()) {
      long lastVersion = page.isEmpty() ? cursorVersion : page.get(page.size() - 1).version();
      int skipInVersion = 0;
      for (int i = end - 1; i >= 0 && round.get(i).version() == lastVersion; i--) {
        skipInVersion++;
      }
      String next = graphBaseUrl() + "/users/delta?$skiptoken=" + encodeToken("ds:" + deltaGeneration + ":" + tenant
          + ":" + since + ":" + snapshot + ":" + lastVersion + ":" + skipInVersion + ":" + String.join(",", select));
      return deltaPage(page, next, null, select, basicOnly, baseline(tenant, since));
    }
    return deltaPage(page, null, deltaToken(et, snapshot, select), select, basicOnly, baseline(tenant, since));
  }

  /** What a partial round compares against: the users as the round's delta link saw them, or null. */
  private Map<String, EmulatedUser> baseline(String tenant, long since) {
    return partialDelta && since > 0 ? deltaBaselines.get(tenant + ":" + since) : null;
  }

  private String deltaToken(EmulatedTenant et, long version, List<String> select) {
    String tenant = et.id();
    if (et.size() <= BASELINE_MAX_USERS) {
      Map<String, EmulatedUser> seen = new HashMap<>();
      for (EmulatedTenant.Change c : et.changesSince(0)) {
        if (c.user() != null && c.version() <= version) {
          seen.put(c.user().id(), c.user()); // a user changed after the link's version has no baseline: sent whole
        }
      }
      deltaBaselines.put(tenant + ":" + version, seen);
    }
    return graphBaseUrl() + "/users/delta?$deltatoken=" + encodeToken("dl:" + deltaGeneration + ":" + tenant + ":"
        + version + ":" + String.join(",", select));
  }

  private MockResponse deltaPage(List<EmulatedTenant.Change> changes, String nextLink, String deltaLink, List<String> select,
      boolean basicOnly, Map<String, EmulatedUser> baseline) {
    List<String> rendered = basicOnly
        ? select.stream().filter(BASIC_USER_PROPERTIES::contains).collect(Collectors.toList()) : select;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", graphBaseUrl() + "/$metadata#users(" + String.join(",", select) + ")");
    if (nextLink != null) {
      body.put("@odata.nextLink", nextLink);
    }
    if (deltaLink != null) {
      body.put("@odata.deltaLink", deltaLink);
    }
    List<Map<String, Object>> value = new ArrayList<>();
    for (EmulatedTenant.Change c : changes) {
      EmulatedUser before = c.user() == null || baseline == null ? null : baseline.get(c.user().id());
      if (c.user() != null && before != null) {
        Map<String, Object> now = render(c.user(), rendered);
        Map<String, Object> then = render(before, rendered);
        Map<String, Object> changed = new LinkedHashMap<>();
        now.forEach((k, v) -> {
          if (k.equals("id") || !Objects.equals(v, then.get(k))) {
            changed.put(k, v);
          }
        });
        value.add(changed);
      } else if (c.user() != null) {
        value.add(render(c.user(), rendered));
      } else {
        Map<String, Object> removed = new LinkedHashMap<>();
        removed.put("id", c.removed().id());
        removed.put("@removed", Map.of("reason", c.removed().reason()));
        value.add(removed);
      }
    }
    if (deltaDisorder && !value.isEmpty()) {
      java.util.Collections.reverse(value);
      value.add(new LinkedHashMap<>(value.get(0)));
    }
    body.put("value", value);
    return json(200, body);
  }

  private Map<String, Object> render(EmulatedUser u, List<String> select) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String p : select) {
      switch (p) {
        case "id": out.put("id", u.id()); break;
        case "displayName": out.put(p, u.displayName()); break;
        case "givenName": out.put(p, u.givenName()); break;
        case "surname": out.put(p, u.surname()); break;
        case "mail": out.put(p, u.mail()); break;
        case "userPrincipalName": out.put(p, u.userPrincipalName()); break;
        case "proxyAddresses": out.put(p, u.proxyAddresses()); break;
        case "accountEnabled":
          if (u.accountEnabled() != null) {
            out.put(p, accountEnabledAsText.contains(u.id()) ? u.accountEnabled().toString() : u.accountEnabled());
          }
          break;
        case "userType": out.put(p, nullUserTypes.contains(u.id()) ? null : u.userType()); break;
        case "jobTitle": out.put(p, u.jobTitle()); break;
        case "mobilePhone": out.put(p, u.mobilePhone()); break;
        case "businessPhones": out.put(p, u.businessPhones()); break;
        case "assignedLicenses": {
          List<Map<String, Object>> licenses = new ArrayList<>();
          for (int i = 0; i < u.assignedLicenses(); i++) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("disabledPlans", List.of());
            l.put("skuId", String.format("5c9fd4cc-edce-44a8-8a91-%012d", i + 1));
            licenses.add(l);
          }
          out.put(p, licenses);
          break;
        }
        case "otherMails": out.put(p, List.of()); break;
        default: out.put(p, null); break;
      }
    }
    out.putIfAbsent("id", u.id());
    return out;
  }

  private static List<String> parseSelect(String select) {
    if (select == null || select.isBlank()) {
      return DEFAULT_USER_PROPERTIES;
    }
    List<String> out = new ArrayList<>();
    for (String s : select.split(",")) {
      if (!s.isBlank() && !out.contains(s.strip())) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static Integer parseTop(String top, int absent) {
    if (top == null) {
      return absent;
    }
    try {
      return Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Map<String, Object> graphError(String code, String message) {
    return graphError(code, message, null);
  }

  /** With {@code innerCode}: the more specific code nested in {@code innerError} (errors.md). */
  private Map<String, Object> graphError(String code, String message, String innerCode) {
    Map<String, Object> inner = new LinkedHashMap<>();
    if (innerCode != null) {
      inner.put("code", innerCode);
    }
    inner.put("date", clock.instant().toString());
    inner.put("request-id", UUID.randomUUID().toString());
    inner.put("client-request-id", UUID.randomUUID().toString());
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("innerError", inner);
    return Map.of("error", error);
  }

  // ---------------------------------------------------------------- helpers

  private MockResponse json(int status, Object body) {
    try {
      return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
          .setBody(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MockResponse text(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "text/plain; charset=utf-8").setBody(body);
  }

  private String jwt(Map<String, Object> claims) {
    try {
      Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
      String header = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String payload = enc.encodeToString(json.writeValueAsBytes(claims));
      return header + "." + payload + ".";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String encodeToken(String plain) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> scopes(String scope) {
    if (scope == null || scope.isBlank()) {
      return List.of();
    }
    return Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toList());
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    if (body == null || body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }

  private static void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Answers go out without Nagle's delay: MockWebServer writes a response's headers and body apart,
   * and on loopback the client's delayed ACK then holds every answer for ~40 ms (a 2,000-customer
   * discovery took a minute of pure waiting).
   */
  private static final class NoDelayServerSocketFactory extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new java.net.ServerSocket() {
        @Override
        public java.net.Socket accept() throws IOException {
          java.net.Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }

  private static final class AuthCode {
    final String clientId;
    final String redirectUri;
    final String challenge;
    final String scope;
    final Instant expiresAt;
    boolean redeemed;

    AuthCode(String clientId, String redirectUri, String challenge, String scope, Instant expiresAt) {
      this.clientId = clientId;
      this.redirectUri = redirectUri;
      this.challenge = challenge;
      this.scope = scope;
      this.expiresAt = expiresAt;
    }
  }

  private record RefreshGrant(String clientId, List<String> scopes) {}

  private record AccessGrant(String tenant, Instant expiresAt, long sequence, Set<String> scopes) {
    boolean hasAny(Set<String> wanted) {
      return scopes.stream().anyMatch(wanted::contains);
    }
  }

  private record TokenFault(int status, String error, int code, String description) {}

  private record AuthorizeFault(String error, String description) {}

}
