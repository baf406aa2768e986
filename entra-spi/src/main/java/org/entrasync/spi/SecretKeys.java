package org.entrasync.spi;

import java.util.List;

/** The secret names the library reads and writes, exactly as the host's secret store knows them. */
public final class SecretKeys {
  private SecretKeys() {}

  // Shared Microsoft app credentials (tenant secrets; also looked up as env/app secrets, below).
  public static final String MICROSOFT_CLIENT_ID = "microsoft_client_id";
  public static final String MICROSOFT_CLIENT_SECRET = "microsoft_client_secret";
  public static final String MICROSOFT_TENANT_ID = "microsoft_tenant_id";

  // Direct connection: the partner's delegated tokens.
  public static final String ENTRA_DIRECT_ACCESS_TOKEN = "entra_direct_access_token";
  public static final String ENTRA_DIRECT_REFRESH_TOKEN = "entra_direct_refresh_token";
  public static final String ENTRA_DIRECT_TOKEN_EXPIRES_AT = "entra_direct_token_expires_at";
  public static final String ENTRA_DIRECT_PARTNER_TENANT_ID = "entra_direct_partner_tenant_id";
  public static final String ENTRA_DIRECT_TOKEN_SCOPE = "entra_direct_token_scope";

  // CIPP connection.
  public static final String ENTRA_CIPP_BASE_URL = "entra_cipp_base_url";
  public static final String ENTRA_CIPP_API_TOKEN = "entra_cipp_api_token";
  /** Optional CIPP API client, so the library can obtain short-lived CIPP tokens itself. */
  public static final String ENTRA_CIPP_CLIENT_ID = "entra_cipp_client_id";

  public static final String ENTRA_CIPP_CLIENT_SECRET = "entra_cipp_client_secret";
  public static final String ENTRA_CIPP_TENANT_ID = "entra_cipp_tenant_id";

  // Names of the environment variables and app secrets used as fallbacks for the Microsoft app.
  public static final String ENV_MICROSOFT_CLIENT_ID = "MICROSOFT_CLIENT_ID";
  public static final String ENV_MICROSOFT_CLIENT_SECRET = "MICROSOFT_CLIENT_SECRET";
  public static final String ENV_MICROSOFT_TENANT_ID = "MICROSOFT_TENANT_ID";

  /** Every secret the direct connection writes; cleared when switching away from direct. */
  public static final List<String> DIRECT_CONNECTION_KEYS =
      List.of(
          ENTRA_DIRECT_ACCESS_TOKEN,
          ENTRA_DIRECT_REFRESH_TOKEN,
          ENTRA_DIRECT_TOKEN_EXPIRES_AT,
          ENTRA_DIRECT_PARTNER_TENANT_ID,
          ENTRA_DIRECT_TOKEN_SCOPE);

  /** Every secret the CIPP connection writes; cleared when switching away from CIPP. */
  public static final List<String> CIPP_CONNECTION_KEYS =
      List.of(
          ENTRA_CIPP_BASE_URL,
          ENTRA_CIPP_API_TOKEN,
          ENTRA_CIPP_CLIENT_ID,
          ENTRA_CIPP_CLIENT_SECRET,
          ENTRA_CIPP_TENANT_ID);
}
