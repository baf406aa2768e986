package org.entrasync.adapters.cipp.internal;

import java.util.List;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/**
 * The CIPP-API endpoints this library calls, with the exact casing CIPP documents. Never sends
 * {@code ClearCache} (it deletes CIPP's cached tenant list) nor {@code AllTenantSelector}.
 */
public interface CippApi {

  /** Every non-excluded tenant the caller may see, as a bare JSON array. */
  @GET("api/ListTenants")
  Call<List<TenantRow>> listTenants(@Header("Authorization") String authorization);

  /**
   * One Graph page of a tenant's users through CIPP's Graph proxy ({@code Invoke-ListGraphRequest}):
   * {@code {Results:[...], Metadata:{nextLink?}}}. With {@code manualPagination=true} CIPP makes one
   * Graph call and hands back its {@code @odata.nextLink}; that link, passed back as {@code
   * nextLink}, carries {@code $select} and {@code $top} itself. No {@code $count}: with it (and
   * without manual paging) CIPP queues tenants above 8,000 users instead of answering. Streamed.
   */
  @Streaming
  @GET("api/ListGraphRequest")
  Call<ResponseBody> listUsersPage(@Header("Authorization") String authorization,
      @Query("tenantFilter") String tenantFilter, @Query("Endpoint") String endpoint,
      @Query("$select") String select, @Query("$top") int top,
      @Query("manualPagination") boolean manualPagination, @Query("nextLink") String nextLink);
}
