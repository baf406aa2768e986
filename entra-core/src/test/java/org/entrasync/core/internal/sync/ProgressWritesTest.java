package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.sync.SyncCheckpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a tenant's progress is written to its run ({@code SyncRunService.worthWriting}). */
class ProgressWritesTest {
  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  @ParameterizedTest(name = "written {0}, created {1}, next page {2}, listing ended {3} -> {4}")
  @CsvSource({
      // nothing written yet: a one-page tenant that changed nothing writes nothing
      "-1, 0, false, false, false",
      "-1, 0, false, true,  false",
      // nothing written yet: a long listing shows as running from its first page
      "-1, 0, true,  false, true",
      // nothing written yet: counters moved
      "-1, 3, false, false, true",
      "-1, 3, false, true,  true",
      // written before: only when the counters moved since
      " 3, 3, true,  false, false",
      " 3, 3, false, true,  false",
      " 3, 4, true,  false, true",
      " 0, 0, true,  false, false",
  })
  void progressIsWrittenWhenItSaysSomethingNew(int written, int created, boolean nextPage, boolean listingEnded,
      boolean expected) {
    SyncCheckpoint checkpoint = new SyncCheckpoint(ListingRequest.Mode.DELTA, "cursor", nextPage ? "page-2" : null, 1, 5,
        0, SyncCounters.ZERO.withCreated(created), T0, 5,
        listingEnded ? new SyncCheckpoint.ListingEnd(true, "next") : null, null, false);
    SyncCounters before = written < 0 ? null : SyncCounters.ZERO.withCreated(written);
    assertThat(SyncRunService.worthWriting(before, checkpoint)).isEqualTo(expected);
  }
}
