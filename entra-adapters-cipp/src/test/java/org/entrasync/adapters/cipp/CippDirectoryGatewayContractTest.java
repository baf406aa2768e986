package org.entrasync.adapters.cipp;

import java.time.Duration;
import java.util.List;
import org.entrasync.adapters.cipp.internal.PageCursor;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.contract.DirectoryGatewayContract;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;

/** The CIPP gateway keeps the listing contract, over the CIPP emulator (no delta on CIPP). */
class CippDirectoryGatewayContractTest extends DirectoryGatewayContract {
  private static final MspTenantId MSP = MspTenantId.of("msp-contract");
  private static final String TOKEN = "contract-token-0123456789";

  private CippEmulator emulator;
  private CippDirectoryGateway gateway;

  @Override
  protected void startGateway(EmulatedDirectory directory) {
    emulator = new CippEmulator(directory).start().acceptToken(TOKEN);
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, emulator.baseUrl());
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN, TOKEN);
    gateway = new CippDirectoryGateway(secrets, CippConnectionConfig.builder()
        .retryPolicy(EmulatorTestBase.FAST_BACKGROUND)
        .interactiveRetryPolicy(EmulatorTestBase.FAST_INTERACTIVE)
        .allowLoopback(true) // the emulator listens on 127.0.0.1
        .readTimeout(Duration.ofSeconds(5))
        .connectTimeout(Duration.ofSeconds(2))
        .tokenAuthority(emulator.tokenAuthority())
        .build());
  }

  @Override
  protected void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  protected DirectoryGateway gateway() {
    return gateway;
  }

  @Override
  protected MspTenantId msp() {
    return MSP;
  }

  @Override
  protected void nextPageCarriesAnEntryWithoutId() {
    emulator.entriesWithoutId(1);
  }

  @Override
  protected void accountEnabledOfWrongType(String userId) {
    emulator.accountEnabledAsText(userId);
  }

  @Override
  protected void expireNextPageToken() {
    emulator.fault(CippEmulator.Fault.EXPIRE_PAGE_TOKEN, 1);
  }

  @Override
  protected void makeUnreadable(String tenantId) {
    // CIPP's own text when its GDAP access to the customer ended (CippFailureText: FIX_GDAP)
    emulator.tenantError(tenantId, "Could not get token: invalid_grant:AADSTS50020: User account"
        + " 'cipp@partner.example' from identity provider does not exist in tenant and cannot access the application.");
  }

  @Override
  protected List<String> lookalikeCursors(String issued) {
    PageCursor cursor = PageCursor.parse(issued, EntraTenantId.of(ACME));
    return List.of(cursor.link(), // Graph's own next link, bare
        new PageCursor(EntraTenantId.of(BETA), cursor.nextPage(), cursor.skip(), cursor.link()).format());
  }
}
