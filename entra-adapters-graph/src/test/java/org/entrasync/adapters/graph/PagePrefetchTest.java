package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The next users page is fetched while the sink works on the current one, and nothing else changes. */
class PagePrefetchTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
    emulator.clearRequests();
    // page tokens carry their issue time: a still clock makes two listings' cursors comparable
    emulator.clock(java.time.Clock.fixed(clock.instant(), java.time.ZoneOffset.UTC));
  }

  private void usePrefetch(boolean on) {
    adapter.close();
    adapter = newAdapter(config().prefetchNextPage(on).build());
  }

  private List<GraphEmulator.Call> nextPageRequests() {
    return emulator.graphRequests("/users").stream().filter(c -> c.query().containsKey("$skiptoken"))
        .collect(Collectors.toList());
  }

  /** What a sink can observe of a listing: indexes, entries, cursors, the outcome. */
  private static List<String> observable(Listing listing) {
    List<String> out = new ArrayList<>();
    for (DirectoryPage p : listing.pages()) {
      out.add(p.index() + " " + p.changes().stream().map(DirectoryChange::toString).collect(Collectors.joining(","))
          + " -> " + p.resumeCursor() + " malformed=" + p.malformedRecords());
    }
    out.add("complete=" + listing.outcome().complete());
    return out;
  }

  @Test
  void isOnByDefault() {
    assertThat(GraphConnectionConfig.defaults().prefetchNextPage()).isTrue();
  }

  @Test
  void aPrefetchingListingDeliversExactlyWhatASequentialOneDelivers() {
    usePrefetch(false);
    Listing sequential = list(FABRIKAM, ListingRequest.full(2));
    Listing sequentialDelta = list(FABRIKAM, ListingRequest.delta(sequential.outcome().newDeltaCursor(), 2));
    usePrefetch(true);
    Listing prefetching = list(FABRIKAM, ListingRequest.full(2));

    assertThat(sequential.pages()).hasSize(3);
    assertThat(observable(prefetching)).isEqualTo(observable(sequential));

    directory.requireTenant(FABRIKAM).disable(userId(1, 2)).delete(userId(1, 4))
        .upsert(EmulatedUser.member(userId(1, 6), "user6@fabrikamdental.example", "Fabrikam User6"));
    emulator.deltaPageSize(1);
    Listing changesPrefetched = list(FABRIKAM, ListingRequest.delta(prefetching.outcome().newDeltaCursor(), 2));
    usePrefetch(false);
    Listing changesSequential = list(FABRIKAM, ListingRequest.delta(sequentialDelta.outcome().newDeltaCursor(), 2));
    assertThat(changesPrefetched.pages()).hasSizeGreaterThan(1);
    assertThat(changesPrefetched.changes()).hasSize(3);
    assertThat(changesPrefetched.changes()).isEqualTo(changesSequential.changes());
    assertThat(changesPrefetched.outcome().complete()).isTrue();
  }

  @Test
  void theNextPageIsRequestedWhileTheSinkStillWorksOnTheCurrentOne() {
    AtomicBoolean seenDuringFirstPage = new AtomicBoolean();
    adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM), ListingRequest.full(2), page -> {
      if (page.index() == 0) {
        seenDuringFirstPage.set(waitFor(() -> !nextPageRequests().isEmpty(), 5_000));
      }
    });
    assertThat(seenDuringFirstPage).isTrue();
  }

  @Test
  void withPrefetchOffTheNextPageWaitsForTheSink() {
    usePrefetch(false);
    AtomicBoolean seenDuringFirstPage = new AtomicBoolean();
    adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM), ListingRequest.full(2), page -> {
      if (page.index() == 0) {
        seenDuringFirstPage.set(waitFor(() -> !nextPageRequests().isEmpty(), 300));
      }
    });
    assertThat(seenDuringFirstPage).isFalse();
    assertThat(nextPageRequests()).hasSize(2);
  }

  @Test
  void aSinkFailureStopsTheListingAfterAtMostThePageFetchedAhead() {
    List<DirectoryPage> seen = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("sink failed");
    assertThatThrownBy(() -> adapter.directoryGateway().streamUsers(MSP, EntraTenantId.of(FABRIKAM),
        ListingRequest.full(2), page -> {
          seen.add(page);
          throw boom;
        })).isSameAs(boom);
    assertThat(seen).hasSize(1);
    assertThat(nextPageRequests()).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aPageThrottledOnAPrefetchThreadIsReportedAsTheTenantsWork() {
    record Wait(MspTenantId msp, EntraTenantId tenant, Duration asked, String thread) {}
    List<Wait> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    emulator.retryAfterSeconds(1).throttleUserPages(1); // the second page (fetched ahead) answers 429, Retry-After: 1
    try (UpstreamWork.Scope work = UpstreamWork.enter(MSP, EntraTenantId.of(FABRIKAM), (msp, tenant, wait) ->
        waits.add(new Wait(msp, tenant, wait, Thread.currentThread().getName())))) {
      assertThat(list(FABRIKAM, ListingRequest.full(2)).pages()).hasSize(3);
    } finally {
      emulator.clearFaults();
    }

    assertThat(waits).singleElement().satisfies(w -> {
      assertThat(w.msp()).isEqualTo(MSP);
      assertThat(w.tenant()).isEqualTo(EntraTenantId.of(FABRIKAM));
      assertThat(w.asked()).isEqualTo(Duration.ofSeconds(1));
      assertThat(w.thread()).startsWith("entrasync-graph-prefetch");
    });
    // the pooled prefetch threads do not keep the work once the page is fetched (log keys: the worker's
    // OperatorVisibilityTest, whose logging backend keeps an MDC)
    int reported = waits.size();
    assertThat(onPrefetchThread(() -> {
      UpstreamWork.throttled(Duration.ofMillis(7)); // a task submitted outside any work: nobody to tell
      return "done";
    })).isEqualTo("done");
    assertThat(waits).hasSize(reported);
  }

  private <T> T onPrefetchThread(java.util.concurrent.Callable<T> task) {
    try {
      return adapter.runtime().prefetch().submit(task).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
