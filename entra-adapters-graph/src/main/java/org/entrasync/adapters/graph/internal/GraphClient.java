package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.Objects;

/** One SDK client (one per customer tenant, one for the partner) with its token hook. */
public record GraphClient(GraphServiceClient sdk, GraphTokenProvider tokens) {
  public GraphClient {
    Objects.requireNonNull(sdk, "sdk");
    Objects.requireNonNull(tokens, "tokens");
  }
}
