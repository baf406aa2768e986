package org.entrasync.adapters.graph;

import java.util.List;
import java.util.Map;
import org.entrasync.adapters.graph.internal.ListingCursor;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.contract.DirectoryGatewayContract;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;

/** The Graph gateway keeps the listing contract, over the Graph emulator. */
class GraphDirectoryGatewayContractTest extends DirectoryGatewayContract {
  private static final MspTenantId MSP = MspTenantId.of("msp-contract");

  private GraphEmulator emulator;
  private GraphAdapter adapter;

  @Override
  protected void startGateway(EmulatedDirectory directory) {
    emulator = GraphEmulator.start(directory);
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    emulator.storeAppCredentials(secrets, MSP);
    adapter = GraphAdapter.create(emulator.connectionConfig().clock(MutableClock.startingNow()).build(), secrets,
        new MicrosoftAppCredentialsResolver(secrets, name -> null));
    Actor admin = Actor.internal(MSP, "user-admin");
    AuthorizationStart start = adapter.authGateway().startAuthorization(MSP, admin, null);
    Map<String, String> callback = emulator.authorize(start.authorizationUrl());
    PartnerGrant grant = adapter.authGateway().completeAuthorization(MSP, admin, callback);
    GraphEmulator.storeGrant(secrets, MSP, grant);
  }

  @Override
  protected void stopGateway() {
    if (adapter != null) {
      adapter.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  protected DirectoryGateway gateway() {
    return adapter.directoryGateway();
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
    emulator.expirePageToken(1);
  }

  @Override
  protected void makeUnreadable(String tenantId) {
    emulator.endRelationship(tenantId); // GDAP ended while the customer is still listed: AADSTS50020
  }

  @Override
  protected List<String> lookalikeCursors(String issued) {
    return List.of(ListingCursor.decode(issued).link()); // Graph's own next link, bare: no tenant, mode or index
  }

  @Override
  protected void expireDeltaCursors() {
    emulator.expireDeltaTokens();
  }
}
