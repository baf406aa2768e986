package org.entrasync.core.fakes;

import org.entrasync.core.testing.EmulatedDirectory;

/** The CIPP-like in-memory gateway (no delta) keeps the listing contract too. */
class FakeCippLikeGatewayContractTest extends FakeDirectoryGatewayContractTest {
  @Override
  FakeDirectoryGateway create(EmulatedDirectory directory) {
    return FakeDirectoryGateway.cipp(directory);
  }
}
