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
   * Every user of one tenant as a bare JSON array (CIPP does not page). Streamed: the body is read
   * as it arrives, never buffered whole.
   */
  @Streaming
  @GET("api/ListUsers")
  Call<ResponseBody> listUsers(@Header("Authorization") String authorization, @Query("tenantFilter") String tenantFilter);
}
