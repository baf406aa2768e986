package org.entrasync.adapters.jdbi.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncKind;
import org.entrasync.core.model.TenantRunStatus;
import org.entrasync.core.model.WireNamed;
import org.entrasync.core.port.in.RunProgressView;
import org.entrasync.core.port.in.TenantOverview;
import org.entrasync.core.port.out.OperatorViewRepository;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link OperatorViewRepository}: each read model is one statement, every join and subquery keyed by
 * the MSP tenant as well as by its own key (isolation holds even where a join could match on ids alone).
 */
public final class JdbiOperatorViewRepository implements OperatorViewRepository {

  /**
   * Every managed tenant with its active mapping, its held deletions and its latest result of a run that
   * was not a dry run (a dry run's counters are not what the tenant's contacts went through).
   */
  private static final String TENANT_OVERVIEW = """
      select t.entra_tenant_id, t.display_name, t.primary_domain, t.present, t.source_user_count,
             t.last_sync_eligible_users, t.last_sync_observed_at,
             m.state as mapping_state, m.client_id as mapping_client_id,
             coalesce(h.held_count, 0) as held_now,
             s.run_id, s.status, s.started_at, s.finished_at, s.error_message,
             s.created, s.linked, s.updated, s.unchanged, s.ambiguous, s.inactivated, s.reactivated, s.skipped
        from entra_managed_tenants t
        left join entra_tenant_mappings m
          on m.msp_tenant_id = t.msp_tenant_id and m.entra_tenant_id = t.entra_tenant_id and m.active
        left join entra_held_deletions h
          on h.msp_tenant_id = t.msp_tenant_id and h.entra_tenant_id = t.entra_tenant_id
        left join lateral (
          select rt.run_id, rt.status, coalesce(rt.started_at, r.started_at) as started_at, rt.finished_at,
                 rt.error_message, rt.created, rt.linked, rt.updated, rt.unchanged, rt.ambiguous, rt.inactivated,
                 rt.reactivated, rt.skipped
            from entra_sync_run_tenants rt
            join entra_sync_runs r on r.msp_tenant_id = rt.msp_tenant_id and r.run_id = rt.run_id
           where rt.msp_tenant_id = t.msp_tenant_id and rt.entra_tenant_id = t.entra_tenant_id and not r.dry_run
           order by coalesce(rt.started_at, r.started_at) desc, rt.run_id desc
           limit 1) s on true
       where t.msp_tenant_id = :msp
       order by t.display_name, t.entra_tenant_id
      """;

  /** Runs with their tenants' results folded in (a running tenant's counters are its pages so far). */
  private static final String RUN_PROGRESS = """
      select r.run_id, r.kind, r.status, r.dry_run, r.initiated_by, r.total_tenants, r.started_at, r.finished_at,
             count(t.entra_tenant_id) filter (where t.status <> 'running') as processed,
             count(t.entra_tenant_id) filter (where t.status = 'running') as running,
             count(t.entra_tenant_id) filter (where t.status = 'failed') as failed,
             coalesce(sum(t.created), 0) as created, coalesce(sum(t.linked), 0) as linked,
             coalesce(sum(t.updated), 0) as updated, coalesce(sum(t.unchanged), 0) as unchanged,
             coalesce(sum(t.ambiguous), 0) as ambiguous, coalesce(sum(t.inactivated), 0) as inactivated,
             coalesce(sum(t.reactivated), 0) as reactivated, coalesce(sum(t.skipped), 0) as skipped
        from entra_sync_runs r
        left join entra_sync_run_tenants t on t.msp_tenant_id = r.msp_tenant_id and t.run_id = r.run_id
       where r.msp_tenant_id = :msp and <which>
       group by r.msp_tenant_id, r.run_id
       order by r.started_at, r.run_id
      """;

  private final Jdbi jdbi;

  public JdbiOperatorViewRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public List<TenantOverview> tenantOverview(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery(TENANT_OVERVIEW)
        .bind("msp", msp.value())
        .map((rs, ctx) -> overview(rs))
        .list());
  }

  @Override
  public Optional<RunProgressView> runProgress(MspTenantId msp, String runId) {
    return jdbi.withHandle(h -> h.createQuery(RUN_PROGRESS.replace("<which>", "r.run_id = :runId"))
        .bind("msp", msp.value())
        .bind("runId", runId)
        .map((rs, ctx) -> progress(rs))
        .findOne());
  }

  @Override
  public List<RunProgressView> runsInFlight(MspTenantId msp) {
    return jdbi.withHandle(h -> h.createQuery(RUN_PROGRESS.replace("<which>", "r.finished_at is null"))
        .bind("msp", msp.value())
        .map((rs, ctx) -> progress(rs))
        .list());
  }

  private static TenantOverview overview(ResultSet rs) throws SQLException {
    String state = rs.getString("mapping_state");
    String runId = rs.getString("run_id");
    TenantOverview.LastSync last = runId == null ? null : new TenantOverview.LastSync(runId,
        WireNamed.fromWire(TenantRunStatus.class, rs.getString("status")), Db.instant(rs, "started_at"),
        Db.instant(rs, "finished_at"), counters(rs), rs.getString("error_message"));
    return new TenantOverview(
        EntraTenantId.of(rs.getString("entra_tenant_id")),
        rs.getString("display_name"),
        rs.getString("primary_domain"),
        rs.getBoolean("present"),
        Db.integer(rs, "source_user_count"),
        state == null ? null : WireNamed.fromWire(MappingState.class, state),
        rs.getString("mapping_client_id"),
        last,
        Db.integer(rs, "last_sync_eligible_users"),
        Db.instant(rs, "last_sync_observed_at"),
        rs.getInt("held_now"));
  }

  private static RunProgressView progress(ResultSet rs) throws SQLException {
    int processed = rs.getInt("processed");
    int running = rs.getInt("running");
    return new RunProgressView(
        rs.getString("run_id"),
        WireNamed.fromWire(SyncKind.class, rs.getString("kind")),
        WireNamed.fromWire(RunStatus.class, rs.getString("status")),
        rs.getBoolean("dry_run"),
        rs.getString("initiated_by"),
        Math.max(rs.getInt("total_tenants"), processed + running),
        processed,
        running,
        rs.getInt("failed"),
        counters(rs),
        Db.instant(rs, "started_at"),
        Db.instant(rs, "finished_at"));
  }

  private static SyncCounters counters(ResultSet rs) throws SQLException {
    return new SyncCounters(rs.getInt("created"), rs.getInt("linked"), rs.getInt("updated"), rs.getInt("unchanged"),
        rs.getInt("ambiguous"), rs.getInt("inactivated"), rs.getInt("reactivated"), rs.getInt("skipped"));
  }
}
