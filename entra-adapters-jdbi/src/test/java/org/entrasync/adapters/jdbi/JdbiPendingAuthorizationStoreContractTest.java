package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresExtension;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.contract.ContractData;
import org.entrasync.core.contract.PendingAuthorizationStoreContract;
import org.entrasync.core.port.out.PendingAuthorization;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.spi.EntraException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The core contract against PostgreSQL, plus what only a shared store must show: two nodes (two
 * storages over their own connections) racing on one callback, the verifier gone from the row once
 * used, the state never stored, expired rows deleted, and nothing secret in a failure.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class JdbiPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {
  private final TestDatabase database;
  private final JdbiStorage storage;

  JdbiPendingAuthorizationStoreContractTest(TestDatabase database) {
    this.database = database;
    this.storage = JdbiStorage.create(database.dataSource());
  }

  @Override
  protected PendingAuthorizationStore store() {
    return storage.pendingAuthorizations();
  }

  /** Another node of the host: its own storage over its own, unpooled connections to the same database. */
  private JdbiStorage otherNode() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(database.jdbcUrl());
    dataSource.setUser("postgres");
    return JdbiStorage.create(dataSource);
  }

  @Test
  void twoNodesRacingOnOneCallbackGetOneSuccess() throws Exception {
    List<PendingAuthorizationStore> nodes = List.of(storage.pendingAuthorizations(), otherNode().pendingAuthorizations());
    for (int round = 0; round < 20; round++) {
      PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
      nodes.get(round % 2).save(pending);

      List<PendingAuthorization> unused = race(4, racer -> nodes.get(racer % 2).consume(pending.state(), ContractData.at(1)));

      assertThat(unused).as("round %d", round).containsExactly(pending);
    }
  }

  @Test
  void theRowHoldsNoStateAndNoVerifierOnceUsed() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);
    Map<String, Object> row = row(pending);
    assertThat(row.values()).doesNotContain(pending.state());
    assertThat(row.get("code_verifier")).isEqualTo(pending.codeVerifier());

    store().consume(pending.state(), ContractData.at(1));

    assertThat(row(pending).get("code_verifier")).isNull();
    assertThat(row(pending).get("consumed_at")).isNotNull();
    assertThat(String.join("\n", allText())).doesNotContain(pending.codeVerifier()).doesNotContain(pending.state());
  }

  @Test
  void savingASignInDeletesThoseExpiredMoreThanAnHourEarlierOfEveryTenant() {
    PendingAuthorization old = started(msp, "admin-1", newState(), ContractData.T0);
    PendingAuthorization otherTenants = started(otherMsp, "admin-2", newState(), ContractData.T0);
    store().save(old);
    store().save(otherTenants);
    store().consume(otherTenants.state(), ContractData.at(1));

    Instant stillKept = ContractData.T0.plus(LIFETIME).plus(Duration.ofMinutes(59));
    store().save(started(msp, "admin-1", newState(), stillKept));
    assertThat(row(old)).isNotEmpty();

    Instant later = stillKept.plus(Duration.ofMinutes(2));
    store().save(started(msp, "admin-1", newState(), later));
    assertThat(row(old)).isEmpty();
    assertThat(row(otherTenants)).isEmpty();
    assertThat(store().consume(old.state(), later)).isEmpty();
  }

  @Test
  void aFailureCarriesNeitherTheVerifierNorTheState() {
    PendingAuthorization pending = started(msp, "admin-1", newState(), ContractData.T0);
    store().save(pending);

    Throwable duplicate = catchThrowable(() -> store().save(pending));

    assertThat(duplicate).isInstanceOf(EntraException.class).hasNoCause();
    assertThat(duplicate.getMessage()).contains("refused").doesNotContain(pending.codeVerifier())
        .doesNotContain(pending.state());
  }

  private Map<String, Object> row(PendingAuthorization pending) {
    return jdbi().withHandle(h -> h.createQuery("""
            select * from entra_pending_authorizations where msp_tenant_id = :msp and actor_user_id = :actor
               and created_at = :createdAt and expires_at = :expiresAt and redirect_uri = :redirect
               and state_hash = encode(sha256(convert_to(:state, 'UTF8')), 'hex')
            """)
        .bind("msp", pending.msp().value()).bind("actor", pending.actorUserId())
        .bind("createdAt", pending.createdAt().atOffset(java.time.ZoneOffset.UTC))
        .bind("expiresAt", pending.expiresAt().atOffset(java.time.ZoneOffset.UTC))
        .bind("redirect", pending.redirectUri().toString()).bind("state", pending.state())
        .mapToMap().findOne().orElse(Map.of()));
  }

  private List<String> allText() {
    return new ArrayList<>(jdbi().withHandle(h -> h.createQuery(
        "select concat_ws('|', msp_tenant_id, state_hash, actor_user_id, code_verifier, redirect_uri)"
            + " from entra_pending_authorizations").mapTo(String.class).list()));
  }

  private Jdbi jdbi() {
    return database.jdbi();
  }
}
