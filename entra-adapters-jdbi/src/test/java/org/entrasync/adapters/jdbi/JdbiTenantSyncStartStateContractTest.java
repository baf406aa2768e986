package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.contract.TenantSyncStartStateContract;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.TenantSyncStartState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core contract of the sync start read, against PostgreSQL, and its cost: one statement. */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiTenantSyncStartStateContractTest extends TenantSyncStartStateContract {
  private final StoragePorts storage;
  private final StatementCounter counter;
  private final TenantSyncStartState counted;

  JdbiTenantSyncStartStateContractTest(TestDatabase database) {
    JdbiStorage jdbi = JdbiStorage.create(database.dataSource());
    this.storage = new StoragePorts(jdbi.connections(), jdbi.managedTenants(), jdbi.mappings(), jdbi.syncSettings(),
        jdbi.syncRuns(), jdbi.contactLinks(), jdbi.reconciliationQueue(), jdbi.heldDeletions(), jdbi.syncStart());
    this.counter = new StatementCounter(database.dataSource());
    this.counted = JdbiStorage.create(counter).syncStart();
  }

  @Override
  protected StoragePorts storage() {
    return storage;
  }

  @Test
  void readsEverythingInOneStatementWhateverThePendingRemovals() {
    Instant t = ContractData.at(1);
    storage.links().upsert(msp, List.of(
        new ContactLink(ContractData.tenant(1), ContractData.user(1), "c-1", "client-1", true, null, t, t),
        new ContactLink(ContractData.tenant(1), ContractData.user(2), "c-2", "client-1", true, null, t, t)));
    storage.links().markPendingRemoval(msp, ContractData.tenant(1), Map.of(
        ContractData.user(1), InactiveReason.DELETED_UPSTREAM, ContractData.user(2), InactiveReason.DISABLED_UPSTREAM), t);
    counter.reset();

    TenantSyncStartState.Start state = counted.read(msp, ContractData.tenant(1), ContractData.at(5));

    assertThat(state.links().pendingRemovals()).hasSize(2);
    assertThat(state.links().inSync()).isEqualTo(2);
    assertThat(counter.statements()).isEqualTo(1);
    assertThat(counter.commits()).isZero();
  }
}
