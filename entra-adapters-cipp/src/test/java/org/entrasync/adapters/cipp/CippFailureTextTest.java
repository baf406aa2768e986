package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;

import org.entrasync.adapters.cipp.internal.CippFailureText;
import org.entrasync.adapters.cipp.internal.CippFailureText.Cause;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The texts CIPP-API answers for a failed tenant, as ListUsers sends them (HTTP 500, the exception
 * message, e.g. {@code Get-GraphToken}'s {@code Could not get token: <error>:<description>}) and as
 * ListGraphRequest sends them (HTTP 400 {@code Graph Error: ... - Endpoint: users}, after CIPP's
 * {@code Get-NormalizedError} rewrote some of them without their code).
 */
class CippFailureTextTest {

  @ParameterizedTest(name = "{1} <- {0}")
  @CsvSource(delimiter = '|', textBlock = """
      Could not get token: invalid_grant:AADSTS700082: The refresh token has expired due to inactivity.            | CIPP_APP_SETUP
      Graph Error: The CIPP user access token has expired. Run the Setup Wizard to refresh your tokens. - Endpoint: users | CIPP_APP_SETUP
      Could not get token: invalid_grant:AADSTS53003: Access has been blocked by Conditional Access policies.     | CONDITIONAL_ACCESS
      Graph Error: Access has been blocked by Conditional Access policies. Please check the Conditional Access configuration documentation - Endpoint: users | CONDITIONAL_ACCESS
      Could not get token: invalid_grant:AADSTS50020: User account from identity provider does not exist in tenant. | GDAP
      Graph Error: AADSTS50020: The user you have used for your Secure Application Model is a guest in this tenant - Endpoint: users | GDAP
      Could not get token: invalid_grant:AADSTS50177: User account is from an external tenant.                  | GDAP
      Insufficient privileges to complete the operation.                                                        | GDAP
      Graph Error: Exception at C:\\x\\Get-GraphRequestList.ps1:353 - Insufficient privileges to complete the operation. - Endpoint: users | GDAP
      Graph Error: The relationship between this tenant and the partner has been dissolved from the tenant side. - Endpoint: users | GDAP
      Graph Error: Exception at x.ps1:1 - Graph request denied for 'x': the tenant is not in CIPP's tenant list. - Endpoint: users | GDAP
      Graph Error: Exception at x.ps1:1 - Graph request denied for 'x': the tenant is excluded from CIPP management. - Endpoint: users | GDAP
      Could not get token: unauthorized_client:AADSTS700016: Application with identifier 'x' was not found in the directory 'y'. | CONSENT
      Could not get token: invalid_grant:AADSTS65001: The user or administrator has not consented to use the application. | CONSENT
      Graph Error: We cannot access this tenant as consent has not been given, please try refreshing the CPV permissions. - Endpoint: users | CONSENT
      Failed to retrieve users: Response status code does not indicate success: 429 (Too Many Requests).       | THROTTLED
      Graph Error: Exception at x.ps1:1 - Too many requests. The request was throttled. - Endpoint: users        | THROTTLED
      Graph Error: Exception at x.ps1:1 - The specified page token value has expired and can no longer be included in your request. - Endpoint: users | PAGE_TOKEN_EXPIRED
      Directory_ExpiredPageToken                                                                                | PAGE_TOKEN_EXPIRED
      Could not get token: invalid_grant:AADSTS9002313: Invalid request. Request is malformed or invalid.       | OTHER
      Object reference not set to an instance of an object.                                                     | OTHER
      Function host is not running.                                                                             | OTHER
      ''                                                                                                        | OTHER
      """)
  void classifiesWhatCippSays(String text, Cause expected) {
    assertThat(CippFailureText.classify(text)).isEqualTo(expected);
  }
}
