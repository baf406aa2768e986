package org.entrasync.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PendingAuthorizationStore} must do. */
public abstract class PendingAuthorizationStoreContract {
  protected static final URI REDIRECT = URI.create("https://psa.example/entra/callback");
  protected static final Duration LIFETIME = Duration.ofMinutes(10);

  protected MspTenantId msp;
  protected MspTenantId otherMsp;

  /** The store under test; every call of a test may use the same instance. */
  protected abstract PendingAuthorizationStore store();

  @BeforeEach
  void newTenants() {
    msp = ContractData.newMsp("pending");
    otherMsp = ContractData.newMsp("pending-other");
  }

  /** A random state, as the gateway issues them (unique across tests sharing one store). */
  protected static String newState() {
    return UUID.randomUUID().toString() + UUID.randomUUID();
  }

  protected static PendingAuthorization started(MspTenantId msp, String actor, String state, Instant at) {
    return new PendingAuthorization(state, msp, actor, "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID(), REDIRECT,
        at, at.plus(LIFETIME), null);
  }

  @Test
  void theFirstConsumeReturnsTheSignInAsStartedWithItsVerifier() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);

    Optional<PendingAuthorization> consumed = store().consume(pending.state(), ContractData.at(2));

    assertThat(consumed).contains(pending);
  }

  @Test
  void aLaterConsumeSaysWhenTheSignInWasUsedAndNoLongerHoldsTheVerifier() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);
    store().consume(pending.state(), ContractData.at(2));

    PendingAuthorization replayed = store().consume(pending.state(), ContractData.at(3)).orElseThrow();
    PendingAuthorization again = store().consume(pending.state(), ContractData.at(4)).orElseThrow();

    assertThat(replayed).isEqualTo(pending.consumed(ContractData.at(2)));
    assertThat(replayed.codeVerifier()).as("the verifier is gone once used").isNull();
    assertThat(again).isEqualTo(replayed);
  }

  @Test
  void anUnknownOrMissingStateFindsNothing() {
    store().save(started(msp, "admin-1", newState(), ContractData.T0));

    assertThat(store().consume(newState(), ContractData.at(1))).isEmpty();
    assertThat(store().consume(null, ContractData.at(1))).isEmpty();
    assertThat(store().consume("", ContractData.at(1))).isEmpty();
  }

  @Test
  void anExpiredSignInIsStillRecognisedSoTheCallerCanSaySo() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);
    Instant late = ContractData.T0.plus(LIFETIME).plusSeconds(300);

    PendingAuthorization found = store().consume(pending.state(), late).orElseThrow();

    assertThat(found).isEqualTo(pending);
    assertThat(found.isExpired(late)).isTrue();
  }

  @Test
  void eachSignInKeepsItsOwnTenantActorAndRedirect() {
    PendingAuthorization ours = started(msp, "admin-1", newState(), ContractData.T0);
    PendingAuthorization theirs = new PendingAuthorization(newState(), otherMsp, "admin-2", "their-verifier",
        URI.create("http://localhost:8080/cb"), ContractData.at(1), ContractData.at(11), null);
    store().save(ours);
    store().save(theirs);

    assertThat(store().consume(theirs.state(), ContractData.at(2))).contains(theirs);
    assertThat(store().consume(ours.state(), ContractData.at(2))).contains(ours);
  }

  @Test
  void concurrentConsumersOfOneStateGetExactlyOneUnusedAnswer() throws Exception {
    int racers = 8;
    for (int round = 0; round < 5; round++) {
      PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
      store().save(pending);
      assertThat(race(racers, i -> store().consume(pending.state(), ContractData.at(2))))
          .as("round %d", round).containsExactly(pending);
    }
  }

  /** One consume of the same state per racer, released together; the answers that saw it unused. */
  protected static List<PendingAuthorization> race(int racers, Consumer consumer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch ready = new CountDownLatch(racers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<PendingAuthorization>>> answers = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        int racer = i;
        answers.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return consumer.consume(racer);
        }));
      }
      ready.await();
      go.countDown();
      List<PendingAuthorization> unused = new ArrayList<>();
      for (Future<Optional<PendingAuthorization>> answer : answers) {
        PendingAuthorization seen = answer.get(30, TimeUnit.SECONDS).orElseThrow();
        if (seen.consumedAt() == null) {
          unused.add(seen);
        } else {
          assertThat(seen.codeVerifier()).isNull();
        }
      }
      return unused;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One racer's consume. */
  @FunctionalInterface
  protected interface Consumer {
    Optional<PendingAuthorization> consume(int racer) throws Exception;
  }

  @Test
  void theStateAndTheVerifierNeverShowInItsText() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);

    String text = store().consume(pending.state(), ContractData.at(1)).orElseThrow().toString();

    assertThat(text).doesNotContain(pending.state()).doesNotContain(pending.codeVerifier()).contains(msp.value());
  }
}
