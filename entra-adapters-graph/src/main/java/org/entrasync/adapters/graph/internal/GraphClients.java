package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Builds SDK clients over one shared OkHttp client (one connection pool). The SDK's own retry
 * handler is switched off: retries are ours (core's {@code UpstreamRetry}), so they are bounded, configurable and
 * cover 500/502 and network failures too.
 */
public final class GraphClients {
  private final OkHttpClient http;
  private final URI graphBase;

  public GraphClients(URI graphBase, Duration connectTimeout, Duration readTimeout) {
    this.graphBase = Objects.requireNonNull(graphBase, "graphBase");
    RequestOption[] options = {new RetryHandlerOption((delay, attempt, request, response) -> false, 0, 0)};
    this.http = GraphClientFactory.create(options)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .callTimeout(Duration.ZERO)
        .addInterceptor(new ErrorBodyGuard())
        .build();
  }

  public GraphClient create(AccessTokenSource source) {
    GraphTokenProvider tokens = new GraphTokenProvider(source, graphBase);
    BaseGraphRequestAdapter adapter =
        new BaseGraphRequestAdapter(new BaseBearerTokenAuthenticationProvider(tokens), graphBase.toString(), http);
    adapter.setBaseUrl(graphBase.toString()); // before the client copies it into its path parameters
    return new GraphClient(new GraphServiceClient(adapter), tokens);
  }

  public URI graphBase() {
    return graphBase;
  }

  public void close() {
    http.connectionPool().evictAll();
  }
}
