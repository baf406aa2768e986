package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.adapters.cipp.testing.CippEmulator.Fault;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.SecretKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens and client secrets appear in no log line and no exception message, whatever happens. */
class NoSecretLeakTest extends EmulatorTestBase {
  private static final String CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  private static final String CLIENT_SECRET = "very-secret-client-value";
  private static final String MSP_TENANT = "4d3c2b1a-0000-4000-8000-00000000a5a5";

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final List<String> messages = new ArrayList<>();
  private PrintStream originalErr;

  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() {
    System.setErr(originalErr);
  }

  private void collect(Runnable r) {
    Throwable t = catchThrowable(r::run);
    for (Throwable x = t; x != null; x = x.getCause()) {
      messages.add(String.valueOf(x.getMessage()));
      messages.add(x.toString());
    }
  }

  @Test
  void nothingSecretIsLoggedOrThrown() {
    // static token: success, an error body that echoes the token, a 401
    collect(() -> gateway.validate(MSP));
    collect(() -> list(ACME, ListingRequest.full(2)));
    emulator.respondOnce("ListTenants", 403, "text/plain", "token " + TOKEN + " is not allowed here");
    collect(() -> gateway.validate(MSP));
    emulator.fault(Fault.THROTTLE, 1).fault(Fault.TRUNCATED, 1, "ListGraphRequest");
    collect(() -> list(ACME, ListingRequest.full(2)));
    emulator.revokeToken(TOKEN);
    collect(() -> gateway.validate(MSP));

    // client credentials: issue, expiry, rejection, refused client
    emulator.registerClient(CLIENT_ID, CLIENT_SECRET, MSP_TENANT);
    secrets.deleteTenantSecret(MSP, SecretKeys.ENTRA_CIPP_API_TOKEN);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_ID, CLIENT_ID);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, CLIENT_SECRET);
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_TENANT_ID, MSP_TENANT);
    collect(() -> gateway.validate(MSP));
    clock.advance(Duration.ofHours(2));
    collect(() -> list(ACME, ListingRequest.full(2)));
    emulator.revokeIssuedTokens();
    collect(() -> gateway.validate(MSP));
    emulator.fault(Fault.REJECT_TOKEN, 1);
    collect(() -> gateway.validate(MSP));
    emulator.clearFaults().fault(Fault.REJECT_CLIENT, 1);
    collect(() -> gateway.validate(MSP));
    emulator.clearFaults();
    secrets.putTenantSecret(MSP, SecretKeys.ENTRA_CIPP_CLIENT_SECRET, "another-wrong-secret");
    collect(() -> gateway.validate(MSP));

    System.err.flush();
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("something was logged").contains("CIPP");
    List<String> secretsSeen = new ArrayList<>(List.of(TOKEN, CLIENT_SECRET, "another-wrong-secret"));
    for (CippEmulator.LoggedRequest r : emulator.requests()) {
      if (r.bearerToken() != null) {
        secretsSeen.add(r.bearerToken());
      }
    }
    assertThat(emulator.tokenRequests()).hasSizeGreaterThanOrEqualTo(3);
    for (String secret : secretsSeen) {
      assertThat(logs).doesNotContain(secret);
      assertThat(messages).noneMatch(m -> m.contains(secret));
    }
    assertThat(messages).anyMatch(m -> m.contains("<redacted>"));
  }
}
