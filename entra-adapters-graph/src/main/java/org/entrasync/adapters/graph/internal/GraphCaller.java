package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.entrasync.core.retry.UpstreamRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Graph request: on a 401 the token is replaced once and the request repeated; failures are
 * classified ({@link GraphErrors}); retryable ones are retried under the caller's {@link UpstreamRetry}
 * (core's shared policy: short waits here, long ones handed back).
 */
public final class GraphCaller {
  private static final Logger LOG = LoggerFactory.getLogger(GraphCaller.class);

  private final UpstreamRetry background;
  private final Clock clock;

  public GraphCaller(UpstreamRetry background, Clock clock) {
    this.background = Objects.requireNonNull(background, "background");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A background call (discovery, listings). */
  public <T> T call(GraphClient client, GraphScope scope, String what, Function<GraphServiceClient, T> request) {
    return call(client, scope, what, background, request);
  }

  public <T> T call(GraphClient client, GraphScope scope, String what, UpstreamRetry retry,
      Function<GraphServiceClient, T> request) {
    // Acquire (or refresh) the token first: token acquisition has its own bounded retries, and doing it
    // here keeps them from multiplying with the retries of the Graph request below.
    client.tokens().source().accessToken(retry);
    return retry.call(what, () -> once(client, scope, what, request));
  }

  private <T> T once(GraphClient client, GraphScope scope, String what, Function<GraphServiceClient, T> request) {
    client.tokens().clearLastIssued();
    try {
      return request.apply(client.sdk());
    } catch (RuntimeException first) {
      if (!GraphErrors.isUnauthorized(first)) {
        throw GraphErrors.map(first, scope, what, clock);
      }
      String rejected = client.tokens().lastIssued();
      LOG.info("Microsoft Graph answered 401 while {}; replacing the access token once", what);
      client.tokens().source().rejected(rejected);
      client.tokens().clearLastIssued();
      try {
        return request.apply(client.sdk());
      } catch (RuntimeException second) {
        throw GraphErrors.map(second, scope, what, clock);
      }
    } finally {
      client.tokens().clearLastIssued(); // no token lingers in a pooled thread
    }
  }
}
