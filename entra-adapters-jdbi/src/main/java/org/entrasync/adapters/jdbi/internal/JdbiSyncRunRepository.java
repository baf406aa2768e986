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
import org.entrasync.core.port.out.ManagedTenantRepository;
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

  /** A tenant result's row: its columns, then the parameters {@link #bindResult} binds. */
  private static final String RESULT_ROW = """
      insert into entra_sync_run_tenants
        (msp_tenant_id, run_id, entra_tenant_id, client_id, status, eligible_users, eligible_observed_at,
         error_message, started_at, finished_at, deletions_held,
         created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped)
      %s :msp, :runId, :tenantId, :clientId, :status, :eligibleUsers, :eligibleObservedAt,
             :error, :startedAt, :finishedAt, :deletionsHeld,
             :created, :linked, :updated, :unchanged, :ambiguous, :inactivated, :reactivated, :skipped%s
      """;

  private static final String INSERT_RESULT = RESULT_ROW.formatted("values (", ")");

  /** A tenant result replacing the one recorded. */
  private static final String REPLACE_RESULT = """
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

  private static final String UPSERT_RESULT = INSERT_RESULT + REPLACE_RESULT;

  /**
   * A running row (a tenant's progress): written only while the run is open, and never over the
   * tenant's final result (an activity that outlived its terminated workflow cannot mark the tenant
   * running again). The run's row is read, not locked: every tenant of a run writes progress, and
   * share locks on that one row would cost every write of a large run to close the window of a
   * progress statement already running while the run is closed.
   */
  private static final String UPSERT_RUNNING = RESULT_ROW.formatted("select", "\n        from entra_sync_runs r"
          + " where r.msp_tenant_id = :msp and r.run_id = :runId and r.finished_at is null")
      + REPLACE_RESULT + "       where entra_sync_run_tenants.status = 'running'\n";

  /**
   * A tenant's final result and its share of the run's progress, in one statement (so one atomic
   * step): the tenant's row as it was ({@code before}, the statement's snapshot; not locked: a lock
   * there would skip the row the insert below updates, and one tenant's result is recorded by one
   * child workflow at a time, its id being the tenant's mutex), its new row, then the run's
   * processed count and counters moved by the difference (a result recorded final before is
   * replaced, not added twice). The merge rule is {@code TenantSyncResult.over}: a missing start time
   * and, when {@code :keepRecordedCounters}, the counters recorded while running are kept.
   */
  private static final String RECORD_FINISHED = """
      -- run: record a tenant's final result and add it to the run
      with before as (
        select status, created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped
          from entra_sync_run_tenants
         where msp_tenant_id = :msp and run_id = :runId and entra_tenant_id = :tenantId
      ), after as (
      """ + INSERT_RESULT + """
        on conflict (msp_tenant_id, run_id, entra_tenant_id) do update
           set client_id = excluded.client_id, status = excluded.status,
               eligible_users = excluded.eligible_users, eligible_observed_at = excluded.eligible_observed_at,
               error_message = excluded.error_message,
               started_at = coalesce(excluded.started_at, entra_sync_run_tenants.started_at),
               finished_at = excluded.finished_at, deletions_held = excluded.deletions_held,
               created = case when :keepRecordedCounters then entra_sync_run_tenants.created else excluded.created end,
               linked = case when :keepRecordedCounters then entra_sync_run_tenants.linked else excluded.linked end,
               updated = case when :keepRecordedCounters then entra_sync_run_tenants.updated else excluded.updated end,
               unchanged = case when :keepRecordedCounters then entra_sync_run_tenants.unchanged else excluded.unchanged end,
               ambiguous = case when :keepRecordedCounters then entra_sync_run_tenants.ambiguous else excluded.ambiguous end,
               inactivated = case when :keepRecordedCounters then entra_sync_run_tenants.inactivated
                                  else excluded.inactivated end,
               reactivated = case when :keepRecordedCounters then entra_sync_run_tenants.reactivated
                                  else excluded.reactivated end,
               skipped = case when :keepRecordedCounters then entra_sync_run_tenants.skipped else excluded.skipped end,
               updated_at = now()
        returning created, linked, updated, unchanged, ambiguous, inactivated, reactivated, skipped, started_at
      ), counted as (
        -- what the run holds of this tenant already: its earlier final result, or nothing
        select coalesce(max(created), 0) as created, coalesce(max(linked), 0) as linked,
               coalesce(max(updated), 0) as updated, coalesce(max(unchanged), 0) as unchanged,
               coalesce(max(ambiguous), 0) as ambiguous, coalesce(max(inactivated), 0) as inactivated,
               coalesce(max(reactivated), 0) as reactivated, coalesce(max(skipped), 0) as skipped,
               count(*) as tenants
          from before where status <> 'running'
      )
      update entra_sync_runs r
         set processed_tenants = r.processed_tenants + 1 - c.tenants,
             total_tenants = greatest(r.total_tenants, r.processed_tenants + 1 - c.tenants),
             created = r.created + a.created - c.created, linked = r.linked + a.linked - c.linked,
             updated = r.updated + a.updated - c.updated, unchanged = r.unchanged + a.unchanged - c.unchanged,
             ambiguous = r.ambiguous + a.ambiguous - c.ambiguous,
             inactivated = r.inactivated + a.inactivated - c.inactivated,
             reactivated = r.reactivated + a.reactivated - c.reactivated, skipped = r.skipped + a.skipped - c.skipped,
             updated_at = now()
        from after a, counted c
       where r.msp_tenant_id = :msp and r.run_id = :runId
      returning r.dry_run, a.started_at, a.created, a.linked, a.updated, a.unchanged, a.ambiguous, a.inactivated,
                a.reactivated, a.skipped
      """;

  /**
   * {@link #RECORD_FINISHED} with the tenant's round end (delta cursor, user count) written on its
   * managed tenant in the same statement: one atomic step, so a cursor never lands without its round's
   * result. A statement's data-modifying CTE runs whether or not it is referenced.
   */
  private static final String RECORD_FINISHED_WITH_END = RECORD_FINISHED
      .replace("-- run: record a tenant's final result and add it to the run",
          "-- run: record a tenant's final result with its round end (cursor, count) and add it to the run")
      .replace("with before as (", "with tenant_end as (update entra_managed_tenants "
          + JdbiManagedTenantRepository.SYNC_END_SET
          + " where :writeEnd and msp_tenant_id = :msp and entra_tenant_id = :tenantId), before as (");

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
    String sql = result.status() == TenantRunStatus.RUNNING ? UPSERT_RUNNING : UPSERT_RESULT;
    jdbi.useHandle(h -> bindResult(h.createUpdate(sql), msp, result).execute());
  }

  private static <S extends SqlStatement<S>> S bindResult(S statement, MspTenantId msp, TenantSyncResult result) {
    return bindCounters(statement, result.counters())
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
        .bind("deletionsHeld", result.deletionsHeld());
  }

  @Override
  public RecordedTenant recordTenantFinished(MspTenantId msp, TenantSyncResult result) {
    if (result.status() == TenantRunStatus.RUNNING) {
      throw new IllegalArgumentException("A running tenant has no final result to record");
    }
    return jdbi.withHandle(h -> bindResult(h.createQuery(RECORD_FINISHED), msp, result)
            .bind("keepRecordedCounters", result.keepsRecordedCounters())
            .map((rs, ctx) -> recorded(result, rs))
            .findOne())
        // the result row's foreign key already refuses a result without its run; this names it
        .orElseThrow(() -> new IllegalStateException("No run " + result.runId() + " for " + msp));
  }

  @Override
  public RecordedTenant recordTenantFinished(MspTenantId msp, TenantSyncResult result, ManagedTenantRepository tenants,
      ManagedTenantRepository.SyncEnd tenantEnd) {
    if (result.status() == TenantRunStatus.RUNNING) {
      throw new IllegalArgumentException("A running tenant has no final result to record");
    }
    return jdbi.withHandle(h -> JdbiManagedTenantRepository.bindSyncEnd(
                bindResult(h.createQuery(RECORD_FINISHED_WITH_END), msp, result), tenantEnd)
            .bind("keepRecordedCounters", result.keepsRecordedCounters())
            .bind("writeEnd", !tenantEnd.isEmpty())
            .map((rs, ctx) -> recorded(result, rs))
            .findOne())
        .orElseThrow(() -> new IllegalStateException("No run " + result.runId() + " for " + msp));
  }

  private static RecordedTenant recorded(TenantSyncResult result, ResultSet rs) throws SQLException {
    return new RecordedTenant(new TenantSyncResult(result.runId(), result.tenantId(), result.clientId(), result.status(),
        counters(rs), result.eligibleUsers(), result.eligibleObservedAt(), result.error(), Db.instant(rs, "started_at"),
        result.finishedAt(), result.deletionsHeld()), rs.getBoolean("dry_run"));
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
