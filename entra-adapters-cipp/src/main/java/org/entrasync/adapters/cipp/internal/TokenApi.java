package org.entrasync.adapters.cipp.internal;

import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;
import retrofit2.http.Path;

/** The Microsoft identity platform token endpoint, for a CIPP API client's client-credentials grant. */
public interface TokenApi {

  @FormUrlEncoded
  @POST("{tenant}/oauth2/v2.0/token")
  Call<TokenResponse> clientCredentials(
      @Path("tenant") String tenant,
      @Field("grant_type") String grantType,
      @Field("client_id") String clientId,
      @Field("client_secret") String clientSecret,
      @Field("scope") String scope);
}
