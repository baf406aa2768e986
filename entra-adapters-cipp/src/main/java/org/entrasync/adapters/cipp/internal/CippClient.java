package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.entrasync.adapters.cipp.CippConnectionConfig;
import org.entrasync.adapters.cipp.CippCredentials;
import org.entrasync.core.error.DeltaCursorExpiredException;
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
 * per-call state comes from the {@link CippCredentials} passed in.
 */
public final class CippClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CippClient.class);
  private static final String PARTNER_ROW_NAME = "*partner tenant";
  private static final java.util.regex.Pattern GUID_SHAPE =
      java.util.regex.Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

  private final CippConnectionConfig config;
  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final JsonFactory jsonFactory;
  private final UpstreamRetry background;
  private final UpstreamRetry interactive;
  private final BearerTokens tokens;
  private final Map<String, CippApi> apis = new ConcurrentHashMap<>();

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
    this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.jsonFactory = mapper.getFactory();
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

  private CippApi api(CippCredentials c) {
    return apis.computeIfAbsent(c.baseUrl().value(), base -> new Retrofit.Builder()
        .baseUrl(base + "/")
        .client(http)
        .addConverterFactory(new JsonOnlyConverterFactory(JacksonConverterFactory.create(mapper)))
        .build()
        .create(CippApi.class));
  }

  private CippErrors.CallContext context(CippCredentials c, String endpoint, EntraTenantId tenant) {
    return new CippErrors.CallContext(c.baseUrl().host(), endpoint, tenant, c.hasClient() ? c.clientId() : null,
        config.readTimeout());
  }

  // ---------------------------------------------------------------- ListTenants

  /** {@code GET /api/ListTenants}: the customer tenants, partner row skipped, error row refused. */
  public List<DiscoveredTenant> listTenants(CippCredentials c) {
    return listTenants(c, background);
  }

  /** {@link #listTenants} for an operator who waits on the answer: the interactive retry policy. */
  public List<DiscoveredTenant> validate(CippCredentials c) {
    return listTenants(c, interactive);
  }

  private List<DiscoveredTenant> listTenants(CippCredentials c, UpstreamRetry retry) {
    CippErrors.CallContext ctx = context(c, "ListTenants", null);
    return retry.call("CIPP ListTenants", () -> {
      Response<List<TenantRow>> response = execute(c, ctx, auth -> api(c).listTenants(auth));
      List<TenantRow> rows = response.body();
      if (rows == null) {
        throw CippErrors.unexpectedShape(ctx, "an empty body");
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

  /** The MSP's own tenant, which CIPP lists as {@code *Partner Tenant} without a GDAP status. */
  private static boolean isPartnerRow(TenantRow row) {
    if (blankToNull(row.delegatedPrivilegeStatus()) != null) {
      return false;
    }
    String name = row.displayName() == null ? "" : row.displayName().strip().toLowerCase(Locale.ROOT);
    String domains = row.domains() != null && row.domains().isTextual() ? row.domains().asText() : "";
    return name.equals(PARTNER_ROW_NAME) || name.startsWith("*") || domains.equalsIgnoreCase("PartnerTenant");
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
    return new EntraRejectedException(
        "CIPP-API at " + ctx.host() + " could not list its tenants: " + detail + ". CIPP itself cannot read the"
            + " partner's tenants right now: run the permission check in CIPP (Settings > Permissions) and refresh"
            + " the tenant list there, then try again.");
  }

  // ---------------------------------------------------------------- ListUsers

  /**
   * {@code GET /api/ListUsers?tenantFilter=<tenant id>}, read as a stream one user at a time and
   * handed out in pages. A failure that a retry can fix is retried (bounded) by reading the array
   * again and skipping the users already handed out.
   */
  public ListingOutcome streamUsers(CippCredentials c, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    if (request.mode() == ListingRequest.Mode.DELTA) {
      throw new DeltaCursorExpiredException(
          "CIPP-API has no delta listing; the sync does a full listing of tenant " + tenant + " instead.", null);
    }
    int pageSize = Math.min(request.pageSize(), config.pageSize());
    ResumeCursor start = ResumeCursor.parse(request.resumeCursor(), pageSize);
    if (start == null) {
      LOG.warn("Ignoring a resume cursor that this CIPP connection did not issue; listing tenant {} from the start",
          tenant);
      start = ResumeCursor.START;
    }
    ListingState state = new ListingState(start);
    CippErrors.CallContext ctx = context(c, "ListUsers", tenant);
    try {
      background.call("CIPP ListUsers", () -> {
        readUsersOnce(c, ctx, tenant, pageSize, state, sink);
        return null;
      });
    } catch (SinkFailure f) {
      throw f.getCause();
    }
    if (state.delivered == 0 && state.offset == 0) {
      LOG.info("CIPP-API listed no users for tenant {} (CIPP answers [] for unknown, excluded or out-of-scope tenants"
          + " too)", tenant);
    }
    if (!state.complete) {
      LOG.warn("The user listing of tenant {} is reported incomplete (rows skipped, or the directory shifted while the"
          + " listing was resumed); no deletion may be inferred from it", tenant);
    }
    return new ListingOutcome(state.complete, null);
  }

  /** What survives between attempts of one listing. */
  private static final class ListingState {
    /** Rows of the array consumed by the pages handed out (the resume offset). */
    int offset;
    int nextPage;
    /** The raw id of the row at {@code offset}, to notice a shifted directory on resume. */
    String lastId;
    int delivered;
    boolean complete = true;

    ListingState(ResumeCursor start) {
      this.offset = start.offset();
      this.nextPage = start.nextPage();
      this.lastId = start.lastId();
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
   * One read of the whole array. Rows up to the state's offset were handed out by an earlier page
   * (of this call or of an interrupted one) and are skipped. A page is handed out once the next
   * user has arrived, or the array has closed, so the last page is always known to be the last.
   */
  private void readUsersOnce(CippCredentials c, CippErrors.CallContext ctx, EntraTenantId tenant, int pageSize,
      ListingState state, PageSink sink) {
    Response<ResponseBody> response = execute(c, ctx, auth -> api(c).listUsers(auth, tenant.value()));
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
        if (first == JsonToken.START_OBJECT) {
          UserRowReader.Row row = UserRowReader.read(p);
          throw new EntraRejectedException("CIPP-API answered ListUsers for tenant " + tenant + " with a message"
              + " instead of a list of users: " + ErrorText.clean(String.valueOf(row.message()), mapper));
        }
        if (first != JsonToken.START_ARRAY) {
          throw CippErrors.unexpectedShape(ctx, first == null ? "an empty body" : "a JSON " + first);
        }
        List<DirectoryChange> page = new ArrayList<>(Math.min(pageSize, 1024));
        String previousRowId = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.START_OBJECT) {
            throw CippErrors.unexpectedShape(ctx, "an array holding " + (t == null ? "nothing more" : t)
                + " where a user object belongs");
          }
          UserRowReader.Row row = UserRowReader.read(p);
          position++;
          if (position <= state.offset) {
            if (position == state.offset && state.lastId != null
                && (row.id() == null || !state.lastId.equalsIgnoreCase(row.id().strip()))) {
              state.complete = false;
            }
            previousRowId = row.id();
            continue;
          }
          DirectoryUser user = toUser(tenant, row, state);
          if (user != null) {
            if (page.size() == pageSize) {
              emit(state, page, position - 1, previousRowId, false, sink);
              page = new ArrayList<>(Math.min(pageSize, 1024));
            }
            page.add(new DirectoryChange.Present(user));
          }
          previousRowId = row.id();
        }
        if (p.nextToken() != null) {
          throw CippErrors.unexpectedShape(ctx, "more content after the closing ']'");
        }
        if (position < state.offset) {
          state.complete = false; // fewer rows now than where the listing resumed
        }
        emit(state, page, Math.max(position, state.offset), previousRowId, true, sink);
      }
    } catch (JacksonException e) {
      throw CippErrors.malformed(ctx, e, position);
    } catch (IOException e) {
      throw CippErrors.forIo(ctx, e);
    }
  }

  private static void emit(ListingState state, List<DirectoryChange> changes, int offsetAfter, String lastRowId,
      boolean last, PageSink sink) {
    String lastId = lastRowId != null && GUID_SHAPE.matcher(lastRowId.strip()).matches() ? lastRowId.strip() : null;
    String cursor = last ? null : new ResumeCursor(offsetAfter, state.nextPage + 1, lastId).format();
    DirectoryPage page = new DirectoryPage(state.nextPage, changes, cursor);
    try {
      sink.accept(page);
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
    state.offset = offsetAfter;
    state.lastId = lastId;
    state.nextPage++;
    state.delivered += changes.size();
  }

  /**
   * The user of a row; null for a row without a usable object id, which is skipped and makes the
   * listing incomplete (so nothing is inferred from the absence of anyone). A row carrying only a
   * message is CIPP talking instead of listing: refused.
   */
  private DirectoryUser toUser(EntraTenantId tenant, UserRowReader.Row row, ListingState state) {
    if (row.id() == null && row.message() != null) {
      throw new EntraRejectedException("CIPP-API answered ListUsers for tenant " + tenant + " with a message"
          + " instead of users: " + ErrorText.clean(row.message(), mapper));
    }
    EntraObjectId id;
    try {
      id = EntraObjectId.of(row.id());
    } catch (IllegalArgumentException e) {
      LOG.warn("Skipping a ListUsers row of tenant {} without a valid object id; the listing is marked incomplete",
          tenant);
      state.complete = false;
      return null;
    }
    return new DirectoryUser(id, row.userPrincipalName(), row.mail(), row.proxyAddresses(), row.displayName(),
        row.givenName(), row.surname(), row.accountEnabled(), row.userType(), row.jobTitle(), row.mobilePhone(),
        row.businessPhones(), row.assignedLicenseCount());
  }

  // ---------------------------------------------------------------- one call

  /**
   * Executes one call with the current bearer token. With a CIPP API client, a 401 drops the token
   * and the call is repeated once with a fresh one. Returns only successful responses; any other
   * outcome is thrown as the matching {@link EntraException}.
   */
  private <T> Response<T> execute(CippCredentials c, CippErrors.CallContext ctx, Function<String, Call<T>> call) {
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
    String text = ErrorText.read(response.errorBody(), mapper, token, c.clientSecret());
    throw CippErrors.forStatus(ctx, response.code(), text, response.headers().get("Retry-After"), config.clock());
  }

  private <T> Response<T> run(CippErrors.CallContext ctx, Call<T> call) {
    try {
      return call.execute();
    } catch (JsonOnlyConverterFactory.HtmlBodyException e) {
      throw CippErrors.notCippApi(ctx);
    } catch (IOException e) {
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
