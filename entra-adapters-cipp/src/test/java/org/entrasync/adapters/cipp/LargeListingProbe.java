package org.entrasync.adapters.cipp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.entrasync.core.fakes.InMemorySecretProvider;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.SecretKeys;

/**
 * Run in a forked JVM with a small heap by {@link LargeTenantStreamingTest}.
 *
 * <pre>
 * stream BASE_URL TOKEN TENANT_ID ID_PREFIX  -> streams through CippDirectoryGateway, checks every id in order
 * tree   BASE_URL TOKEN TENANT_ID            -> the naive way: the whole answer as one Jackson tree
 * </pre>
 *
 * Prints one result line; exits 0 on success, 1 on a wrong result, 3 on OutOfMemoryError.
 */
public final class LargeListingProbe {
  private LargeListingProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String baseUrl = args[1];
    String token = args[2];
    String tenant = args[3];
    try {
      if (mode.equals("stream")) {
        stream(baseUrl, token, tenant, args[4]);
      } else {
        tree(baseUrl, token, tenant);
      }
    } catch (OutOfMemoryError oom) {
      System.out.println("RESULT mode=" + mode + " OutOfMemoryError: " + oom.getMessage());
      System.out.flush();
      Runtime.getRuntime().halt(3);
    }
  }

  private static void stream(String baseUrl, String token, String tenant, String idPrefix) {
    MspTenantId msp = MspTenantId.of("probe");
    InMemorySecretProvider secrets = new InMemorySecretProvider();
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_CIPP_BASE_URL, baseUrl);
    secrets.putTenantSecret(msp, SecretKeys.ENTRA_CIPP_API_TOKEN, token);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long[] counters = new long[3]; // users, pages, peak heap used
    boolean[] inOrder = {true};
    CippConnectionConfig config = CippConnectionConfig.builder().readTimeout(Duration.ofSeconds(60))
        .retryPolicy(org.entrasync.core.retry.UpstreamRetryPolicy.NONE).allowLoopback(true).build();
    ListingOutcome outcome;
    try (CippDirectoryGateway gateway = new CippDirectoryGateway(secrets, config)) {
      outcome = gateway.streamUsers(msp, EntraTenantId.of(tenant), ListingRequest.full(999), page -> {
        for (DirectoryChange change : page.changes()) {
          String expected = String.format("%s-0000-4000-8000-%012d", idPrefix, counters[0]);
          if (!change.objectId().value().equals(expected)) {
            inOrder[0] = false;
          }
          counters[0]++;
        }
        counters[1]++;
        counters[2] = Math.max(counters[2], memory.getHeapMemoryUsage().getUsed());
      });
    }
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.println("RESULT mode=stream users=" + counters[0] + " pages=" + counters[1] + " complete="
        + outcome.complete() + " inOrder=" + inOrder[0] + " peakHeapUsedMiB=" + counters[2] / (1024 * 1024)
        + " maxHeapMiB=" + maxHeap / (1024 * 1024));
    System.out.flush();
    System.exit(outcome.complete() && inOrder[0] ? 0 : 1);
  }

  private static void tree(String baseUrl, String token, String tenant) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
    Request request = new Request.Builder().url(baseUrl + "/api/ListUsers?tenantFilter=" + tenant)
        .header("Authorization", "Bearer " + token).build();
    try (Response response = http.newCall(request).execute()) {
      JsonNode all = new ObjectMapper().readTree(response.body().byteStream());
      System.out.println("RESULT mode=tree users=" + all.size() + " maxHeapMiB="
          + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
    System.out.flush();
    System.exit(0);
  }
}
