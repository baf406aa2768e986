package org.entrasync.adapters.graph;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.connection.MicrosoftAppCredentialsResolver;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.DirectAuthGateway.PartnerGrant;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh emulator, directory, secret store and adapter per test. */
abstract class GraphTestBase {
  static final MspTenantId MSP = MspTenantId.of("msp-1");
  static final Actor ADMIN = Actor.internal(MSP, "user-admin");
  static final String FABRIKAM = "11111111-aaaa-4bbb-8ccc-000000000001";
  static final String NORTHWIND = "22222222-aaaa-4bbb-8ccc-000000000002";
  static final String CONTOSO = "33333333-aaaa-4bbb-8ccc-000000000003";

  EmulatedDirectory directory;
  GraphEmulator emulator;
  InMemorySecretProvider secrets;
  MutableClock clock;
  GraphAdapter adapter;

  @BeforeEach
  void startEmulator() {
    directory = new EmulatedDirectory();
    EmulatedTenant fabrikam = directory.addTenant(FABRIKAM, "Fabrikam Dental LLC", "fabrikamdental.example");
    for (int i = 1; i <= 5; i++) {
      fabrikam.upsert(EmulatedUser.member(userId(1, i), "user" + i + "@fabrikamdental.example", "Fabrikam User" + i));
    }
    EmulatedTenant northwind = directory.addTenant(NORTHWIND, "Northwind Plumbing", null);
    for (int i = 1; i <= 3; i++) {
      northwind.upsert(EmulatedUser.member(userId(2, i), "user" + i + "@northwind.example", "Northwind User" + i));
    }
    EmulatedTenant contoso = directory.addTenant(CONTOSO, "Contoso Ltd", "contoso.example");
    for (int i = 1; i <= 2; i++) {
      contoso.upsert(EmulatedUser.member(userId(3, i), "user" + i + "@contoso.example", "Contoso User" + i));
    }
    emulator = GraphEmulator.start(directory);
    secrets = new InMemorySecretProvider();
    emulator.storeAppCredentials(secrets, MSP);
    clock = MutableClock.startingNow();
    adapter = newAdapter(config().build());
  }

  @AfterEach
  void stopEmulator() {
    if (adapter != null) {
      adapter.close();
    }
    emulator.close();
  }

  GraphConnectionConfig.Builder config() {
    return emulator.connectionConfig().clock(clock);
  }

  /** The emulator's quick background policy with {@code attempts} attempts in all. */
  GraphConnectionConfig.Builder withAttempts(int attempts) {
    GraphConnectionConfig base = config().build();
    return base.toBuilder().retryPolicy(base.retryPolicy().withMaxAttempts(attempts))
        .interactiveRetryPolicy(base.interactiveRetryPolicy().withMaxAttempts(attempts));
  }

  GraphAdapter newAdapter(GraphConnectionConfig config) {
    return GraphAdapter.create(config, secrets, new MicrosoftAppCredentialsResolver(secrets, name -> null));
  }

  static String userId(int tenant, int n) {
    return String.format("%08d-0000-4000-8000-%012d", tenant, n);
  }

  /** Signs in through the emulator's authorize endpoint and stores the grant like the lifecycle does. */
  PartnerGrant connect() {
    AuthorizationStart start = adapter.authGateway().startAuthorization(MSP, ADMIN, null);
    Map<String, String> callback = emulator.authorize(start.authorizationUrl());
    PartnerGrant grant = adapter.authGateway().completeAuthorization(MSP, ADMIN, callback);
    GraphEmulator.storeGrant(secrets, MSP, grant);
    return grant;
  }

  record Listing(List<DirectoryPage> pages, ListingOutcome outcome) {
    List<DirectoryChange> changes() {
      List<DirectoryChange> all = new ArrayList<>();
      pages.forEach(p -> all.addAll(p.changes()));
      return all;
    }
  }

  Listing list(String tenant, ListingRequest request) {
    List<DirectoryPage> pages = new ArrayList<>();
    ListingOutcome outcome = adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(tenant), request, pages::add);
    return new Listing(pages, outcome);
  }

  static URI uri(String s) {
    return URI.create(s);
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
