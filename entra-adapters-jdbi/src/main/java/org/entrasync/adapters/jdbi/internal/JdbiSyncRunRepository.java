package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.SyncRun;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.TenantSyncResult;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.out.SyncRunRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/** {@link SyncRunRepository} over {@code entra_sync_runs} and {@code entra_sync_run_tenants}. */
public final class JdbiSyncRunRepository implements SyncRunRepository {
  private static final String COUNTERS =
      "created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped";

  private static final String RUN_COLUMNS = "run_id, workflow_id, kind, status, dry_run, initiated_by, scope,"
      + " total_tenants, processed_tenants, started_at, finished_at, error, " + COUNTERS;

  private static final String UPSERT_RUN = """
      insert into entra_sync_runs
        (msp_tenant_id, run_id, workflow_id, kind, status, dry_run, initiated_by, scope, total_tenants,
         processed_tenants, started_at, finished_at, error,
         created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped)
      values (:msp, :runId, :workflowId, :kind, :status, :dryRun, :initiatedBy, :scope, :totalTenants,
              :processedTenants, :startedAt, :finishedAt, :error,
              :created, :linked, :updated, :unchanged, :ambiguous, :inactivated, :reactivated, :skipped)
      on conflict (msp_tenant_id, run_id) do update
         set workflow_id = excluded.workflow_id, kind = excluded.kind, status = excluded.status,
             dry_run = excluded.dry_run, initiated_by = excluded.initiated_by, scope = excluded.scope,
             total_tenants = excluded.total_tenants, processed_tenants = excluded.processed_tenants,
             started_at = excluded.started_at, finished_at = excluded.finished_at, error = excluded.error,
             created = excluded.created, linked = excluded.linked, updated = excluded.updated,
             unchanged = excluded.unchanged, ambiguous = excluded.ambiguous,
             inactivated = excluded.inactivated, reactivated = excluded.reactivated,
             skipped = excluded.skipped, updated_at = now()
      """;

  private static final String RESULT_COLUMNS = "run_id, entra_tenant_id, client_id, status, eligible_users,"
      + " eligible_observed_at, error_message, started_at, finished_at, deletions_held, " + COUNTERS;

  private static final String UPSERT_RESULT = """
      insert into entra_sync_run_tenants
        (msp_tenant_id, run_id, entra_tenant_id, client_id, status, eligible_users, eligible_observed_at,
         error_message, started_at, finished_at, deletions_held,
         created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped)
      values (:msp, :runId, :tenantId, :clientId, :status, :eligibleUsers, :eligibleObservedAt,
              :error, :startedAt, :finishedAt, :deletionsHeld,
              :created, :linked, :updated, :unchanged, :ambiguous, :inactivated, :reactivated, :skipped)
      on conflict (msp_tenant_id, run_id, entra_tenant_id) do update
         set client_id = excluded.client_id, status = excluded.status,
             eligible_users = excluded.eligible_users, eligible_observed_at = excluded.eligible_observed_at,
             error_message = excluded.error_message, started_at = excluded.started_at,
             finished_at = excluded.finished_at, deletions_held = excluded.deletions_held,
             created = excluded.created, linked = excluded.linked, updated = excluded.updated,
             unchanged = excluded.unchanged, ambiguous = excluded.ambiguous,
             inactivated = excluded.inactivated, reactivated = excluded.reactivated,
             skipped = excluded.skipped, updated_at = now()
      """;

  private final Jdbi jdbi;

  public JdbiSyncRunRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void upsertRun(SyncRun run) {
    jdbi.useHandle(h -> bindCounters(h.createUpdate(UPSERT_RUN), run.counters())
        .bind("msp", run.msp().value())
        .bind("runId", run.runId())
        .bind("workflowId", run.workflowId())
        .bind("kind", run.kind().wireName())
        .bind("status", run.status().wireName())
        .bind("dryRun", run.dryRun())
        .bind("initiatedBy", run.initiatedBy())
        .bind("scope", run.scope())
        .bind("totalTenants", run.totalTenants())
        .bind("processedTenants", run.processedTenants())
        .bind("startedAt", Db.ts(run.startedAt()))
        .bind("finishedAt", Db.ts(run.finishedAt()))
        .bind("error", run.error())
        .execute());
  }

  @Override
  public Optional<SyncRun> findRun(MspTenantId msp, String runId) {
    return jdbi.withHandle(h -> h.createQuery(
            "select " + RUN_COLUMNS + " from entra_sync_runs where msp_tenant_id = :msp and run_id = :runId")
        .bind("msp", msp.value())
        .bind("runId", runId)
        .map((rs, ctx) -> mapRun(msp, rs))
        .findOne());
  }

  @Override
  public List<SyncRun> listRuns(MspTenantId msp, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return jdbi.withHandle(h -> h.createQuery("select " + RUN_COLUMNS
            + " from entra_sync_runs where msp_tenant_id = :msp order by started_at desc, run_id desc limit :limit")
        .bind("msp", msp.value())
        .bind("limit", limit)
        .map((rs, ctx) -> mapRun(msp, rs))
        .list());
  }

  @Override
  public void upsertTenantResult(MspTenantId msp, TenantSyncResult result) {
    jdbi.useHandle(h -> bindCounters(h.createUpdate(UPSERT_RESULT), result.counters())
        .bind("msp", msp.value())
        .bind("runId", result.runId())
        .bind("tenantId", result.tenantId().value())
        .bind("clientId", result.clientId())
        .bind("status", result.status().wireName())
        .bind("eligibleUsers", result.eligibleUsers())
        .bind("eligibleObservedAt", Db.ts(result.eligibleObservedAt()))
        .bind("error", result.error())
        .bind("startedAt", Db.ts(result.startedAt()))
        .bind("finishedAt", Db.ts(result.finishedAt()))
        .bind("deletionsHeld", result.deletionsHeld())
        .execute());
  }

  @Override
  public List<TenantSyncResult> tenantResults(MspTenantId msp, String runId) {
    return jdbi.withHandle(h -> h.createQuery("select " + RESULT_COLUMNS
            + " from entra_sync_run_tenants where msp_tenant_id = :msp and run_id = :runId order by entra_tenant_id")
        .bind("msp", msp.value())
        .bind("runId", runId)
        .map((rs, ctx) -> new TenantSyncResult(
            rs.getString("run_id"),
            EntraTenantId.of(rs.getString("entra_tenant_id")),
            rs.getString("client_id"),
            WireNamed.fromWire(TenantRunStatus.class, rs.getString("status")),
            counters(rs),
            Db.integer(rs, "eligible_users"),
            Db.instant(rs, "eligible_observed_at"),
            rs.getString("error_message"),
            Db.instant(rs, "started_at"),
            Db.instant(rs, "finished_at"),
            rs.getInt("deletions_held")))
        .list());
  }

  private static SyncRun mapRun(MspTenantId msp, ResultSet rs) throws SQLException {
    return new SyncRun(
        msp,
        rs.getString("run_id"),
        rs.getString("workflow_id"),
        WireNamed.fromWire(SyncKind.class, rs.getString("kind")),
        WireNamed.fromWire(RunStatus.class, rs.getString("status")),
        rs.getBoolean("dry_run"),
        rs.getString("initiated_by"),
        rs.getString("scope"),
        rs.getInt("total_tenants"),
        rs.getInt("processed_tenants"),
        counters(rs),
        Db.instant(rs, "started_at"),
        Db.instant(rs, "finished_at"),
        rs.getString("error"));
  }

  private static SyncCounters counters(ResultSet rs) throws SQLException {
    return new SyncCounters(
        rs.getInt("created"),
        rs.getInt("linked"),
        rs.getInt("updated"),
        rs.getInt("unchanged"),
        rs.getInt("ambiguous"),
        rs.getInt("inactivated"),
        rs.getInt("reactivated"),
        rs.getInt("skipped"));
  }

  private static <S extends SqlStatement<S>> S bindCounters(S statement, SyncCounters counters) {
    return statement
        .bind("created", counters.created())
        .bind("linked", counters.linked())
        .bind("updated", counters.updated())
        .bind("unchanged", counters.unchanged())
        .bind("ambiguous", counters.ambiguous())
        .bind("inactivated", counters.inactivated())
        .bind("reactivated", counters.reactivated())
        .bind("skipped", counters.skipped());
  }
}
