package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.port.out.DirectoryGateway.PageSink;
import org.entrasync.core.retry.UpstreamRetry;
import org.entrasync.spi.EntraException;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * The CIPP-API client behind {@code CippDirectoryGateway}: Retrofit over OkHttp, Jackson for the
 * JSON, core's shared {@link UpstreamRetry} for bounded retries (the background policy for syncs
 * and discovery, the interactive one for validation). One instance serves every MSP tenant;
 * per-call state comes from the {@link CippConnection} passed in.
 */
public final class CippClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CippClient.class);
  private static final java.util.regex.Pattern GUID_SHAPE =
      java.util.regex.Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

  private final CippConnectionConfig config;
  private final OkHttpClient http;
  /** The client for CIPP-API calls: {@link #http} behind the {@link AddressGuard}. */
  private final OkHttpClient cippHttp;
  private final AddressGuard guard;
  private final ObjectMapper mapper;
  private final JsonFactory jsonFactory;
  private final UpstreamRetry background;
  private final UpstreamRetry interactive;
  private final BearerTokens tokens;
  /** Retrofit clients by base URL; bounded, as one instance serves every MSP. */
  static final int MAX_CACHED_BASE_URLS = 64;
  private final BoundedLru<String, CippApi> apis = new BoundedLru<>(MAX_CACHED_BASE_URLS);

  public CippClient(CippConnectionConfig config) {
    this.config = config;
    this.http = new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        // CIPP-API never redirects; a redirect means the base URL is a front end or sign-in page.
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("User-Agent", "entrasync-cipp")
            .header("Accept", "application/json")
            .build()))
        .build();
    this.guard = new AddressGuard(config.hostResolver(), config.allowLoopback());
    this.cippHttp = http.newBuilder().dns(guard).addInterceptor(guard).build();
    // answers read whole (the tenant list, error texts, tokens) are bounded in size; user pages are streamed
    this.mapper = JsonLimits.mapper(JsonLimits.MAX_TENANT_LIST_BYTES);
    this.jsonFactory = JsonLimits.mapper(-1).getFactory();
    this.background = new UpstreamRetry(config.retryPolicy());
    this.interactive = new UpstreamRetry(config.interactiveRetryPolicy());
    Retrofit tokenRetrofit = new Retrofit.Builder()
        .baseUrl(config.tokenAuthority() + "/")
        .client(http)
        .addConverterFactory(JacksonConverterFactory.create(mapper))
        .build();
    String authorityHost = okhttp3.HttpUrl.get(config.tokenAuthority() + "/").host();
    this.tokens = new BearerTokens(tokenRetrofit.create(TokenApi.class), authorityHost, mapper, config.clock(),
        config.tokenRefreshMargin());
  }

  private CippApi api(CippConnection c) {
    return apis.computeIfAbsent(c.baseUrl().value(), base -> new Retrofit.Builder()
        .baseUrl(base + "/")
        .client(cippHttp)
        .addConverterFactory(new JsonOnlyConverterFactory(JacksonConverterFactory.create(mapper)))
        .build()
        .create(CippApi.class));
  }

  /** How many base URLs have a Retrofit client cached (for tests of the bound). */
  int cachedBaseUrls() {
    return apis.size();
  }

  /** How many API clients have a token slot cached (for tests of the bound). */
  int cachedTokenSlots() {
    return tokens.cachedClients();
  }

  /**
   * Refuses a base URL whose host is, or resolves only to, an address inside the host's network
   * (before anything is sent or stored). The calls themselves connect only to checked addresses.
   *
   * @throws RefusedException ({@code VALIDATION})
   */
  public void checkAddress(CippConnection c) {
    try {
      guard.check(c.baseUrl().host());
    } catch (AddressGuard.ForbiddenAddress e) {
      throw new RefusedException(Refusal.VALIDATION, "The CIPP-API base URL is refused: " + e.getMessage() + "."
          + " The library connects only to public addresses: use the public URL of CIPP's Function App, for example"
          + " https://cipp-xxxx.azurewebsites.net.");
    }
  }

  private CippErrors.CallContext context(CippConnection c, String endpoint, EntraTenantId tenant, int pageSize) {
    return new CippErrors.CallContext(c.baseUrl().host(), endpoint, tenant, c.hasClient() ? c.clientId() : null,
        config.readTimeout(), pageSize);
  }

  // ---------------------------------------------------------------- ListTenants

  /** {@code GET /api/ListTenants}: the customer tenants, partner row skipped, error row refused. */
  public List<DiscoveredTenant> listTenants(CippConnection c) {
    return listTenants(c, background);
  }

  /** {@link #listTenants} for an operator who waits on the answer: the interactive retry policy. */
  public List<DiscoveredTenant> validate(CippConnection c) {
    return listTenants(c, interactive);
  }

  private List<DiscoveredTenant> listTenants(CippConnection c, UpstreamRetry retry) {
    CippErrors.CallContext ctx = context(c, "ListTenants", null, 0);
    return retry.call("CIPP ListTenants", () -> {
      Response<List<TenantRow>> response = execute(c, ctx, auth -> api(c).listTenants(auth));
      List<TenantRow> rows = response.body();
      if (rows == null) {
        throw CippErrors.unexpectedShape(ctx, "an empty body");
      }
      if (rows.size() > JsonLimits.MAX_TENANT_ROWS) {
        throw new EntraRejectedException("CIPP-API at " + ctx.host() + " listed " + rows.size() + " tenants, more"
            + " than the 50,000 this library reads from one CIPP: the base URL probably does not point at CIPP-API ("
            + CippErrors.BASE_URL_HINT + ").");
      }
      return toTenants(ctx, rows);
    });
  }

  private List<DiscoveredTenant> toTenants(CippErrors.CallContext ctx, List<TenantRow> rows) {
    List<DiscoveredTenant> tenants = new ArrayList<>(rows.size());
    int skipped = 0;
    for (TenantRow row : rows) {
      if (row == null) {
        continue;
      }
      String customerId = row.customerId() == null ? "" : row.customerId().strip();
      if (customerId.isEmpty()) {
        throw errorRow(ctx, row);
      }
      if (isPartnerRow(row) || customerId.equalsIgnoreCase("AllTenants")) {
        skipped++;
        continue;
      }
      EntraTenantId id;
      try {
        id = EntraTenantId.of(customerId);
      } catch (IllegalArgumentException notGuid) {
        LOG.warn("Skipping a CIPP tenant row whose customerId is not a tenant id: '{}' ({})", customerId,
            row.displayName());
        skipped++;
        continue;
      }
      String domain = blankToNull(row.defaultDomainName());
      if (domain == null) {
        domain = blankToNull(row.initialDomainName());
      }
      tenants.add(new DiscoveredTenant(id, row.displayName(), domain, null));
    }
    LOG.info("CIPP-API at {} listed {} customer tenants ({} rows skipped)", ctx.host(), tenants.size(), skipped);
    return tenants;
  }

  /**
   * CIPP's {@code *Partner Tenant} row: the MSP's own tenant, listed beside the customers when
   * CIPP's partner-tenant mode is on (no GDAP status, {@code domains: "PartnerTenant"}, a name
   * starting with {@code *} like CIPP's other pseudo rows). Skipped: the customers are synced, not
   * the MSP. In single-tenant ("owntenant") mode the MSP's tenant is CIPP's only row, with the same
   * {@code domains} value but named after its initial domain: that row is the tenant to sync and is
   * discovered.
   */
  private static boolean isPartnerRow(TenantRow row) {
    if (blankToNull(row.delegatedPrivilegeStatus()) != null) {
      return false;
    }
    String name = row.displayName() == null ? "" : row.displayName().strip();
    return name.startsWith("*");
  }

  private EntraRejectedException errorRow(CippErrors.CallContext ctx, TenantRow row) {
    String results = "";
    JsonNode r = row.results();
    if (r != null && !r.isNull()) {
      results = r.isTextual() ? r.asText() : r.toString();
    }
    String name = blankToNull(row.displayName());
    String detail = (name == null ? "" : name) + (results.isBlank() ? "" : (name == null ? "" : " ") + "(" + results + ")");
    detail = ErrorText.clean(detail.isBlank() ? "no detail given" : detail, mapper);
    if (CippFailureText.classify(detail) == CippFailureText.Cause.CIPP_APP_SETUP) {
      return CippErrors.cippAppSetup(ctx, 0, ": it could not list its tenants: " + detail);
    }
    return new EntraRejectedException(
        "CIPP-API at " + ctx.host() + " could not list its tenants: " + detail + ". CIPP itself cannot read the"
            + " partner's tenants right now: run the permission check in CIPP (Settings > Permissions) and refresh"
            + " the tenant list there, then try again.");
  }

  // ---------------------------------------------------------------- users, page by page

  /**
   * The Graph properties asked for: the same {@code $select} as the Graph adapter's user listing
   * (each {@code DirectoryField} plus {@code id}).
   */
  public static final String USER_SELECT = "id,displayName,givenName,surname,mail,userPrincipalName,proxyAddresses,"
      + "accountEnabled,userType,jobTitle,mobilePhone,businessPhones,assignedLicenses";

  /** A listing that met expired page tokens this often in one call gives up (retryably). */
  private static final int MAX_RESTARTS = 2;

  /**
   * A tenant's users through CIPP's paged route, {@code GET /api/ListGraphRequest?tenantFilter=<id>
   * &Endpoint=users&$select=...&$top=<page size>&manualPagination=true}, then each {@code nextLink}
   * CIPP hands back. Every answer is one Graph page, so its time does not grow with the tenant (CIPP's
   * ListUsers gathers the whole tenant before its first byte and Azure cuts it at 230 s). Each answer
   * is retried (bounded) on its own; a page token Graph no longer accepts restarts the listing.
   */
  public ListingOutcome streamUsers(CippConnection c, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    if (request.mode() == ListingRequest.Mode.DELTA) {
      throw new DeltaCursorExpiredException(
          "CIPP-API has no delta listing; the sync does a full listing of tenant " + tenant + " instead.", null);
    }
    int pageSize = Math.min(request.pageSize(), config.pageSize());
    PageCursor start = PageCursor.parse(request.resumeCursor(), tenant);
    if (start == null) {
      LOG.warn("Ignoring a resume cursor that this CIPP connection did not issue for tenant {}; listing it from the"
          + " start", tenant);
      start = PageCursor.start(tenant);
    }
    ListingState state = new ListingState(start);
    CippErrors.CallContext ctx = context(c, "ListGraphRequest", tenant, pageSize);
    try {
      boolean done = false;
      while (!done) {
        try {
          done = background.call("CIPP ListGraphRequest", () -> readAnswer(c, ctx, tenant, pageSize, state, sink));
        } catch (CippErrors.PageTokenExpired expired) {
          if (state.restarts++ >= MAX_RESTARTS) {
            throw new EntraUnavailableException("Microsoft Graph kept refusing the page tokens of " + ctx.target()
                + " as expired; the listing is retried later from its first page.", expired);
          }
          LOG.warn("A page token of tenant {} expired; listing it again from its first page", tenant);
          state.link = null;
          state.skip = 0;
          state.nextPage = 0; // the contract: a restart delivers its first page as index 0 again, so the caller can tell
        }
      }
    } catch (SinkFailure f) {
      throw f.getCause();
    }
    if (state.delivered == 0) {
      LOG.info("CIPP-API listed no users for tenant {}", tenant);
    }
    if (!state.complete) {
      LOG.warn("The user listing of tenant {} is reported incomplete ({} entries without an object id); no deletion"
          + " may be inferred from it", tenant, state.malformed);
    }
    return new ListingOutcome(state.complete, null);
  }

  /** What survives between answers and attempts of one listing. */
  private static final class ListingState {
    final EntraTenantId tenant;
    /** The answer to read next: null for the first page, else the Graph next link. */
    String link;
    /** Rows of that answer already handed out (an answer holds more rows than a page only if CIPP did not page). */
    int skip;
    int nextPage;
    int delivered;
    int malformed;
    int restarts;
    boolean complete = true;

    ListingState(PageCursor start) {
      this.tenant = start.tenant();
      this.link = start.link();
      this.skip = start.skip();
      this.nextPage = start.nextPage();
    }
  }

  /** Carries an exception the caller's sink threw past the retry (never retried) and back out. */
  private static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  /**
   * Reads one answer ({@code {Results:[...], Metadata:{nextLink?}}}) as a stream and hands its users
   * out: in one page, or in several when CIPP answered more rows than a page holds (a page is handed
   * out once the next row has arrived, so the last one of an answer is known to be the last). Rows
   * already handed out by an earlier attempt are skipped. Returns whether this was the last answer.
   */
  private boolean readAnswer(CippConnection c, CippErrors.CallContext ctx, EntraTenantId tenant, int pageSize,
      ListingState state, PageSink sink) {
    Response<ResponseBody> response = execute(c, ctx,
        auth -> api(c).listUsersPage(auth, tenant.value(), "users", USER_SELECT, pageSize, true, state.link));
    int position = 0;
    try (ResponseBody body = response.body()) {
      if (body == null) {
        throw CippErrors.unexpectedShape(ctx, "an empty body");
      }
      MediaType type = body.contentType();
      if (type != null && type.subtype().toLowerCase(Locale.ROOT).contains("html")) {
        throw CippErrors.notCippApi(ctx);
      }
      try (JsonParser p = jsonFactory.createParser(body.byteStream())) {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
          throw CippErrors.unexpectedShape(ctx, first == null ? "an empty body" : "a JSON " + first);
        }
        Page page = new Page(pageSize);
        String nextLink = null;
        boolean sawResults = false;
        boolean queued = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("Results") && value == JsonToken.START_ARRAY) {
            sawResults = true;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (t == null) {
                throw CippErrors.unexpectedShape(ctx, "an unfinished Results array");
              }
              position++;
              DirectoryChange change = null;
              if (t == JsonToken.START_OBJECT) {
                change = toChange(UserRowReader.read(p));
              } else {
                p.skipChildren(); // not an object: an entry without an id
              }
              if (position <= state.skip) {
                continue;
              }
              if (page.isFull()) {
                emit(state, page, state.link, position - 1, false, sink);
                page = new Page(pageSize);
              }
              page.add(change);
            }
          } else if (field.equals("Metadata") && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              JsonToken v = p.nextToken();
              if (name.equals("nextLink") && v == JsonToken.VALUE_STRING) {
                nextLink = p.getText();
              } else if (name.equals("Queued") && v == JsonToken.VALUE_TRUE) {
                queued = true;
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
          throw CippErrors.unexpectedShape(ctx, "more content after the closing '}'");
        }
        if (queued) {
          throw new EntraUnavailableException("CIPP-API queued " + ctx.target() + " instead of answering it; the"
              + " listing is retried later.");
        }
        if (!sawResults) {
          throw CippErrors.unexpectedShape(ctx, "an object without Results");
        }
        if (nextLink != null && !nextLink.isBlank() && !PageCursor.isGraphLink(nextLink)) {
          throw CippErrors.unexpectedShape(ctx, "a next link that is not a Microsoft Graph URL");
        }
        String next = nextLink == null || nextLink.isBlank() ? null : nextLink;
        emit(state, page, next, 0, next == null, sink);
        state.link = next;
        return next == null;
      }
    } catch (JacksonException e) {
      throw CippErrors.forJson(ctx, e, position);
    } catch (IOException e) {
      throw CippErrors.forIo(ctx, e);
    }
  }

  /** The entries gathered for one page. */
  private static final class Page {
    final int capacity;
    final List<DirectoryChange> changes;
    int malformed;

    Page(int capacity) {
      this.capacity = capacity;
      this.changes = new ArrayList<>(Math.min(capacity, 1024));
    }

    boolean isFull() {
      return changes.size() + malformed >= capacity;
    }

    void add(DirectoryChange change) {
      if (change == null) {
        malformed++;
      } else {
        changes.add(change);
      }
    }
  }

  /**
   * Hands a page to the sink. Its cursor points at the answer {@code link} with {@code skip} rows
   * already handed out; none for the last page.
   */
  private static void emit(ListingState state, Page page, String link, int skip, boolean last, PageSink sink) {
    String cursor = last ? null
        : new PageCursor(state.tenant, state.nextPage + 1, skip, link).format();
    DirectoryPage out = new DirectoryPage(state.nextPage, page.changes, cursor, page.malformed);
    try {
      sink.accept(out);
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
    state.skip = skip;
    state.nextPage++;
    state.delivered += page.changes.size();
    state.malformed += page.malformed;
    if (page.malformed > 0) {
      state.complete = false;
    }
  }

  /**
   * The change of a row with a readable object id (the other properties as far as they could be
   * read); null for a row without one, which the page counts as malformed and which makes the
   * listing incomplete (so nothing is inferred from anyone's absence).
   */
  private static DirectoryChange toChange(UserRowReader.Row row) {
    EntraObjectId id;
    try {
      id = EntraObjectId.of(row.id());
    } catch (RuntimeException e) {
      return null;
    }
    return new DirectoryChange.Present(new DirectoryUser(id, row.userPrincipalName(), row.mail(),
        row.proxyAddresses(), row.displayName(), row.givenName(), row.surname(), row.accountEnabled(), row.userType(),
        row.jobTitle(), row.mobilePhone(), row.businessPhones(), row.assignedLicenseCount()));
  }

  // ---------------------------------------------------------------- one call

  /**
   * Executes one call with the current bearer token. With a CIPP API client, a 401 drops the token
   * and the call is repeated once with a fresh one. Returns only successful responses; any other
   * outcome is thrown as the matching {@link EntraException}.
   */
  private <T> Response<T> execute(CippConnection c, CippErrors.CallContext ctx, Function<String, Call<T>> call) {
    String token = tokens.current(c);
    Response<T> response = run(ctx, call.apply("Bearer " + token));
    if (response.code() == 401 && c.hasClient()) {
      closeQuietly(response);
      tokens.reject(c, token);
      token = tokens.current(c);
      LOG.info("CIPP-API rejected the cached token of client {}; retried with a new token", c.clientId());
      response = run(ctx, call.apply("Bearer " + token));
    }
    if (response.isSuccessful()) {
      LOG.debug("CIPP {} answered {}", ctx.target(), response.code());
      return response;
    }
    Duration waited = Duration.ofMillis(response.raw().receivedResponseAtMillis() - response.raw().sentRequestAtMillis());
    ErrorText.Raw raw = ErrorText.readRaw(response.errorBody());
    if (response.code() >= 500 && (reachedCutoff(waited) || ErrorText.isFrontEndTimeout(raw.text()))) {
      throw CippErrors.tooSlow(ctx, waited, null);
    }
    String text = ErrorText.quotable(raw, mapper, token, c.clientSecret());
    throw CippErrors.forStatus(ctx, response.code(), text, response.headers().get("Retry-After"), config.clock());
  }

  /** Whether a wait reached Azure's cut (a little early: the clocks of both ends differ). */
  private boolean reachedCutoff(Duration waited) {
    return waited.toMillis() >= config.responseCutoff().toMillis() * 95 / 100;
  }

  private <T> Response<T> run(CippErrors.CallContext ctx, Call<T> call) {
    long started = System.nanoTime();
    try {
      return call.execute();
    } catch (JsonOnlyConverterFactory.HtmlBodyException e) {
      throw CippErrors.notCippApi(ctx);
    } catch (IOException e) {
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      if (reachedCutoff(waited) && !(e instanceof com.fasterxml.jackson.core.JacksonException)) {
        throw CippErrors.tooSlow(ctx, waited, e);
      }
      throw CippErrors.forIo(ctx, e);
    } catch (RuntimeException e) {
      if (e instanceof EntraException) {
        throw e;
      }
      throw new org.entrasync.spi.EntraUnavailableException(
          "Calling CIPP-API at " + ctx.host() + " for " + ctx.target() + " failed unexpectedly ("
              + e.getClass().getSimpleName() + "). Retrying can help.", e);
    }
  }

  private static void closeQuietly(Response<?> response) {
    if (response.errorBody() != null) {
      response.errorBody().close();
    }
    Object body = response.body();
    if (body instanceof ResponseBody) {
      ((ResponseBody) body).close();
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
