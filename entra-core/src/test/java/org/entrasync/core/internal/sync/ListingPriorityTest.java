package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;

import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.sync.TenantSyncCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sync kind reaches the gateway: scheduled (background) syncs list at low priority. */
class ListingPriorityTest {

  @ParameterizedTest
  @CsvSource({"SCHEDULED, LOW", "ALL, NORMAL", "INITIAL, NORMAL", "CLIENT, NORMAL"})
  void aScheduledSyncListsAtLowPriorityAndAnOperatorsAtNormal(SyncKind kind, ListingRequest.Priority expected) {
    SyncFixture f = SyncFixture.on(ConnectionType.DIRECT);
    f.contoso.upsert(SyncFixture.member(1, "Ada Lovelace"));
    f.mapped();

    f.app.run(MSP, kind, kind == SyncKind.CLIENT ? SyncFixture.CLIENT : null, false);

    assertThat(f.app.directGateway().requests()).isNotEmpty()
        .allSatisfy(request -> assertThat(request.priority()).isEqualTo(expected));
  }

  @ParameterizedTest
  @CsvSource({"SCHEDULED, LOW", "ALL, NORMAL", "INITIAL, NORMAL", "CLIENT, NORMAL"})
  void thePriorityFollowsTheKind(SyncKind kind, ListingRequest.Priority expected) {
    assertThat(TenantSyncCommand.priorityOf(kind)).isEqualTo(expected);
  }
}
