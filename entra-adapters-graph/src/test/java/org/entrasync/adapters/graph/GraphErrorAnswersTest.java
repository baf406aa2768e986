package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.EntraUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error answers as Graph really sends them (concepts/errors.md, the throttling sample, answers of the
 * gateway in front of Graph): each is classified by what it says, never by whether its body parses.
 */
class GraphErrorAnswersTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.clearRequests();
  }

  private List<Integer> statuses(String prefix) {
    return emulator.graphRequests(prefix).stream().map(GraphEmulator.Call::status).collect(Collectors.toList());
  }

  /** Each Graph request went out once (the listing's change-tracking start may fail on its own first). */
  private void assertNoRequestRepeated() {
    List<String> paths = emulator.requests(GraphEmulator.Call::isGraph).stream().map(GraphEmulator.Call::path).toList();
    assertThat(paths).as("not retried").doesNotHaveDuplicates().isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {502, 504})
  void anHtmlGatewayErrorIsAnOutageThatKeepsItsStatusAndRetryAfter(int status) {
    adapter = newAdapter(withAttempts(1).build());
    emulator.retryAfterSeconds(7).htmlError(status, 1);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(EntraUnavailableException.class, e -> {
          assertThat(e.isRetryable()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        })
        .hasMessageContaining("HTTP " + status)
        .hasMessageNotContaining("<html");
  }

  @Test
  void anHtmlGatewayErrorOnceIsRetried() {
    emulator.retryAfterSeconds(0).htmlError(502, 1);
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes()).hasSize(2);
  }

  @Test
  void notImplementedIsARejectionNotAnOutage() {
    emulator.notImplemented(5);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(EntraRejectedException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("HTTP 501")
        .hasMessageContaining("NotImplemented");
    assertNoRequestRepeated();
  }

  @Test
  void aClientErrorWhoseBodyDoesNotParseKeepsItsStatusAndIsNotRetried() {
    emulator.unreadableError(400, 5);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(EntraRejectedException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("HTTP 400");
    assertNoRequestRepeated();
  }

  @Test
  void aServerErrorWhoseBodyDoesNotParseIsAnOutageWithItsStatus() {
    adapter = newAdapter(withAttempts(1).build());
    emulator.unreadableError(503, 1);
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOf(EntraUnavailableException.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void aDeltaExpiryNamedOnlyInTheInnerErrorIsRead() {
    Listing first = list(CONTOSO, ListingRequest.full(999));
    emulator.expireDeltaTokensCodeInInnerError();
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.delta(first.outcome().newDeltaCursor(), 999)))
        .isInstanceOf(DeltaCursorExpiredException.class)
        .hasMessageContaining("resyncRequired");
  }

  @Test
  void aNextLinkEqualToTheOneJustFollowedEndsTheListingIncompleteAtOnce() {
    emulator.loopNextLinks(1);
    Listing listing = list(FABRIKAM, ListingRequest.full(2));
    assertThat(listing.outcome().complete()).isFalse();
    assertThat(emulator.requests(c -> c.isGraph() && c.path().equals("/v1.0/users")))
        .as("the looping page is read once, not again").hasSize(1);
  }
}
