package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entrasync.core.port.out.DirectAuthGateway.AuthorizationStart;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.Test;

/**
 * Drives sign-in, refreshes, listings and every failure path, then checks that no token, code,
 * verifier or secret appears in any log line (slf4j-simple writes to target/graph-adapter-tests.log,
 * configured in the module's surefire settings) or exception message.
 */
class NoTokenLeakTest extends GraphTestBase {
  private static final Path LOG =
      Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/graph-adapter-tests.log"));

  private final List<Throwable> failures = new ArrayList<>();

  private void attempt(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Test
  void noTokenReachesALogLineOrAnExceptionMessage() throws Exception {
    assertThat(System.getProperty("org.slf4j.simpleLogger.logFile")).as("log capture configured").isNotNull();
    AuthorizationStart start = adapter.authGateway().startAuthorization(MSP, ADMIN, null);
    Map<String, String> callback = emulator.authorize(start.authorizationUrl());
    attempt(() -> adapter.authGateway().completeAuthorization(MSP, ADMIN, Map.of("state", "bogus", "code", callback.get("code"))));
    connect();
    String verifierLikeCode = callback.get("code");

    emulator.retryAfterSeconds(0);
    clock.advance(Duration.ofHours(2)); // partner refresh
    adapter.directoryGateway().listManagedTenants(MSP);
    emulator.invalidateAccessTokens(); // 401 -> refresh
    list(FABRIKAM, ListingRequest.full(2));
    emulator.throttleGraph(2);
    list(CONTOSO, ListingRequest.full(999));
    emulator.malformedIdentity(1);
    list(NORTHWIND, ListingRequest.full(999));

    emulator.consentMissing(NORTHWIND);
    adapter = newAdapter(config().build()); // empty token cache
    attempt(() -> list(NORTHWIND, ListingRequest.full(999)));
    emulator.clearFaults();
    emulator.rejectToken();
    attempt(() -> adapter.directoryGateway().validate(MSP));
    emulator.clearFaults();
    emulator.unavailableGraph(100);
    attempt(() -> list(CONTOSO, ListingRequest.full(999)));
    emulator.clearFaults();
    emulator.revokeRefreshTokens(50173);
    clock.advance(Duration.ofHours(2));
    attempt(() -> adapter.directoryGateway().validate(MSP));
    emulator.clearFaults();
    emulator.tokenError("partner", 400, "interaction_required", 50076, "MFA needed");
    attempt(() -> adapter.directoryGateway().validate(MSP));
    emulator.clearFaults();
    secrets.putTenantSecret(MSP, SecretKeys.MICROSOFT_CLIENT_SECRET, "super-secret-value-not-to-be-logged");
    attempt(() -> adapter.directoryGateway().validate(MSP));
    attempt(() -> list(FABRIKAM, ListingRequest.full(999).resumingAt("https://attacker.example/v1.0/users")));

    assertThat(failures).hasSizeGreaterThanOrEqualTo(8);
    Set<String> secretsIssued = emulator.issuedSecrets();
    assertThat(secretsIssued).isNotEmpty();
    List<String> forbidden = new ArrayList<>(secretsIssued);
    forbidden.add(emulator.clientSecret());
    forbidden.add("super-secret-value-not-to-be-logged");
    forbidden.add(verifierLikeCode);

    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        String message = String.valueOf(t.getMessage());
        for (String secret : forbidden) {
          assertThat(message).as("message of %s", t.getClass().getSimpleName()).doesNotContain(secret);
        }
        assertThat(message).doesNotContain("eyJ");
      }
    }

    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    assertThat(log).contains("Refreshed the partner token").contains("replacing the access token once")
        .contains("retry");
    for (String secret : forbidden) {
      assertThat(log).doesNotContain(secret);
    }
    assertThat(log).doesNotContain("eyJ").doesNotContain("1.EMU").doesNotContain("0.EMU");
  }
}
