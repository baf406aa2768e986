package org.entrasync.adapters.cipp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.retry.UpstreamRetryPolicy;
import org.entrasync.core.testing.EmulatedDirectory;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** An emulated directory, the CIPP emulator over it, and a gateway connected with a static token. */
abstract class EmulatorTestBase {
  static final MspTenantId MSP = MspTenantId.of("msp-one");
  static final String TOKEN = "static-token-0123456789";
  static final String ACME = "0b6f6c1e-1111-4a2b-9c3d-000000000001";
  static final String BLUEFIN = "5d2e9a40-2222-4c1d-8e7f-000000000002";
  static final String CEDAR = "9a7c3b22-3333-4e5f-a1b2-000000000003";

  static final String DANA = "a1000000-0000-4000-8000-000000000001";
  static final String TEMP = "a1000000-0000-4000-8000-000000000004";
  static final String FORMER = "a1000000-0000-4000-8000-000000000005";
  static final String UNKNOWN_STATE = "a1000000-0000-4000-8000-000000000006";
  static final String GUEST = "a1000000-0000-4000-8000-000000000007";

  EmulatedDirectory directory;
  EmulatedTenant acme;
  CippEmulator emulator;
  InMemorySecretProvider secrets;
  MutableClock clock;
  CippDirectoryGateway gateway;

  @BeforeEach
  void startEmulator() {
    directory = new EmulatedDirectory();
    acme = directory.addTenant(ACME, "Acme Dental", "acmedental.example");
    acme.upsert(new EmulatedUser(DANA, "dana.lee@acmedental.example", "dana.lee@acmedental.example", "Dana Lee",
        "Dana", "Lee", true, "Member", "Practice Manager", "+1 555 0101", List.of("+1 555 0100"), 2,
        List.of("SMTP:dana.lee@acmedental.example", "smtp:dana@acmedental.onmicrosoft.com")));
    acme.upsert(new EmulatedUser(TEMP, "temp.hygienist@acmedental.onmicrosoft.com", null, "Temp Hygienist", "Temp",
        "Hygienist", true, "Member", "Hygienist", null, List.of(), 0, List.of()));
    acme.upsert(new EmulatedUser(FORMER, "former.staff@acmedental.example", "former.staff@acmedental.example",
        "Former Staff", "Former", "Staff", false, "Member", "Receptionist", "+1 555 0142", List.of(), 0,
        List.of("SMTP:former.staff@acmedental.example")));
    acme.upsert(new EmulatedUser(UNKNOWN_STATE, "nostate@acmedental.example", "nostate@acmedental.example",
        "No State", "No", "State", null, "Member", null, null, List.of(), 1,
        List.of("SMTP:nostate@acmedental.example")));
    acme.upsert(new EmulatedUser(GUEST, "pat_partner.example#EXT#@acmedental.onmicrosoft.com", "pat@partner.example",
        "Pat Partner", "Pat", "Partner", true, "Guest", null, null, List.of(), 0, List.of()));
    directory.addTenant(BLUEFIN, "Bluefin Logistics", null);
    directory.addTenant(CEDAR, "Cedar Accounting", "cedaraccounting.example");

    emulator = new CippEmulator(directory).start().acceptToken(TOKEN);
    secrets = new InMemorySecretProvider();
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_BASE_URL, emulator.baseUrl());
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN, TOKEN);
    clock = MutableClock.at(Instant.parse("2026-09-01T08:00:00Z"));
    gateway = new CippDirectoryGateway(secrets, config().build());
  }

  /** Three attempts in the background, two when an operator waits; waits of milliseconds. */
  static final UpstreamRetryPolicy FAST_BACKGROUND =
      new UpstreamRetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofSeconds(10));
  static final UpstreamRetryPolicy FAST_INTERACTIVE =
      new UpstreamRetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(5));

  /** Fast retries and a short read timeout, tokens from the emulator. */
  CippConnectionConfig.Builder config() {
    return CippConnectionConfig.builder()
        .retryPolicy(FAST_BACKGROUND)
        .interactiveRetryPolicy(FAST_INTERACTIVE)
        .allowLoopback(true) // the emulator listens on 127.0.0.1
        .readTimeout(Duration.ofSeconds(5))
        .connectTimeout(Duration.ofSeconds(2))
        .tokenAuthority(emulator.tokenAuthority())
        .clock(clock);
  }

  @AfterEach
  void stopEmulator() {
    gateway.close();
    emulator.close();
  }

  /** Collects every page of a listing. */
  static final class Pages {
    final List<DirectoryPage> pages = new ArrayList<>();
    ListingOutcome outcome;

    List<DirectoryUser> users() {
      List<DirectoryUser> users = new ArrayList<>();
      for (DirectoryPage p : pages) {
        for (DirectoryChange c : p.changes()) {
          users.add(((DirectoryChange.Present) c).user());
        }
      }
      return users;
    }

    List<String> ids() {
      return users().stream().map(u -> u.id().value()).toList();
    }
  }

  Pages list(String tenantId, ListingRequest request) {
    return list(gateway, tenantId, request);
  }

  static Pages list(CippDirectoryGateway g, String tenantId, ListingRequest request) {
    Pages pages = new Pages();
    pages.outcome = g.streamUsers(MSP, EntraTenantId.of(tenantId), request, pages.pages::add);
    return pages;
  }
}
