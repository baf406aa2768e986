package org.entrasync.core.fakes;

import org.entrasync.core.contract.DirectoryGatewayContract;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.MspTenantId;

/** The in-memory gateway the core tests sync through keeps the listing contract (Graph-like, with delta). */
class FakeDirectoryGatewayContractTest extends DirectoryGatewayContract {
  private FakeDirectoryGateway gateway;

  FakeDirectoryGateway create(EmulatedDirectory directory) {
    return FakeDirectoryGateway.direct(directory);
  }

  @Override
  protected void startGateway(EmulatedDirectory directory) {
    gateway = create(directory);
  }

  @Override
  protected void stopGateway() {}

  @Override
  protected DirectoryGateway gateway() {
    return gateway;
  }

  @Override
  protected MspTenantId msp() {
    return MspTenantId.of("msp-contract");
  }

  @Override
  protected void nextPageCarriesAnEntryWithoutId() {
    gateway.entriesWithoutId(1);
  }

  @Override
  protected void accountEnabledOfWrongType(String userId) {
    gateway.accountEnabledOfWrongType(userId);
  }

  @Override
  protected void expireNextPageToken() {
    gateway.expirePageTokens(1);
  }

  @Override
  protected void makeUnreadable(String tenantId) {
    gateway.unreadable(tenantId);
  }

  @Override
  protected void expireDeltaCursors() {
    gateway.expireNextDeltaRequests(1);
  }
}
