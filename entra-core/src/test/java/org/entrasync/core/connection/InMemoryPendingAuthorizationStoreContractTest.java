package org.entrasync.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.contract.PendingAuthorizationStoreContract;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.junit.jupiter.api.Test;

/** The core contract against the single-node store, plus its purge. */
class InMemoryPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {
  private final MutableClock clock = MutableClock.at(ContractData.T0);
  private final InMemoryPendingAuthorizationStore store = new InMemoryPendingAuthorizationStore(clock);

  @Override
  protected PendingAuthorizationStore store() {
    return store;
  }

  @Test
  void anEntryIsForgottenAnHourAfterItsExpiryWhenALaterSignInIsSaved() {
    PendingAuthorization old = started(msp, "admin-1", newState(), ContractData.T0);
    store.save(old);

    clock.advance(LIFETIME.plus(Duration.ofMinutes(59)));
    store.save(started(msp, "admin-1", newState(), clock.instant()));
    assertThat(store.size()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(2));
    store.save(started(msp, "admin-1", newState(), clock.instant()));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.consume(old.state(), clock.instant())).isEmpty();
  }
}
