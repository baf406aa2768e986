-- entrasync, schema version 6: indexes of the operator's read models (no data change).

-- Lookup: a managed tenant's results across runs, latest first (the tenant list's last sync).
create index entra_sync_run_tenants_by_tenant_ix
  on entra_sync_run_tenants (msp_tenant_id, entra_tenant_id, started_at desc);
-- Lookup: the runs of an MSP tenant that have not finished (run progress while in flight).
create index entra_sync_runs_in_flight_ix
  on entra_sync_runs (msp_tenant_id, started_at) where finished_at is null;
