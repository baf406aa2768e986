-- entrasync, schema version 1: the library's own tables.
--
-- Rules of this schema:
--   * every primary key starts with msp_tenant_id and every foreign key includes it (tenant
--     isolation; the column Citus distributes on);
--   * enums are stored as their lower-case wire names and checked;
--   * no column holds a credential: tokens and API keys live behind the host's SecretProvider;
--   * nothing here is ever deleted by the library: history is kept as inactive rows.
-- Released migrations are never edited: changes come as V2, V3 ...

-- The MSP tenant's connection to Entra (direct OAuth or CIPP). One active row per MSP tenant;
-- replaced or disconnected connections stay as inactive history.
create table entra_partner_connections (
  msp_tenant_id         text        not null,
  connection_id         bigint      generated always as identity,
  connection_type       text        not null,
  status                text        not null,
  active                boolean     not null default true,
  connected_at          timestamptz not null,
  last_validated_at     timestamptz,
  last_validation_error jsonb,
  deactivated_at        timestamptz,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint entra_partner_connections_pk primary key (msp_tenant_id, connection_id),
  constraint entra_partner_connections_type_ck check (connection_type in ('direct', 'cipp')),
  constraint entra_partner_connections_status_ck
    check (status in ('connected', 'error', 'reauth_required', 'disconnected')),
  constraint entra_partner_connections_disconnected_inactive_ck check (status <> 'disconnected' or not active),
  constraint entra_partner_connections_error_json_ck
    check (last_validation_error is null or jsonb_typeof(last_validation_error) = 'object')
);
-- Rule: one active connection per MSP tenant.
create unique index entra_partner_connections_one_active_ux
  on entra_partner_connections (msp_tenant_id) where active;

-- Customer tenants discovered through the connection. Never deleted: a tenant that a discovery
-- no longer lists is marked present = false.
create table entra_managed_tenants (
  msp_tenant_id            text        not null,
  entra_tenant_id          text        not null,
  display_name             text        not null,
  primary_domain           text,
  source_user_count        integer,
  discovered_at            timestamptz not null,
  last_seen_at             timestamptz not null,
  present                  boolean     not null default true,
  delta_cursor             text,
  last_sync_eligible_users integer,
  last_sync_observed_at    timestamptz,
  updated_at               timestamptz not null default now(),
  constraint entra_managed_tenants_pk primary key (msp_tenant_id, entra_tenant_id),
  constraint entra_managed_tenants_id_ck
    check (entra_tenant_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
  constraint entra_managed_tenants_source_user_count_ck check (source_user_count >= 0),
  constraint entra_managed_tenants_eligible_users_ck check (last_sync_eligible_users >= 0)
);

-- Tenant-to-client mapping decisions. One active decision per managed tenant; replaced and
-- unmapped decisions stay as inactive history.
create table entra_tenant_mappings (
  msp_tenant_id   text             not null,
  mapping_id      bigint           generated always as identity,
  entra_tenant_id text             not null,
  state           text             not null,
  client_id       text,
  confidence      double precision not null default 0,
  decided_by      text,
  decided_at      timestamptz      not null,
  active          boolean          not null default true,
  ended_by        text,
  ended_at        timestamptz,
  constraint entra_tenant_mappings_pk primary key (msp_tenant_id, mapping_id),
  constraint entra_tenant_mappings_tenant_fk foreign key (msp_tenant_id, entra_tenant_id)
    references entra_managed_tenants (msp_tenant_id, entra_tenant_id),
  constraint entra_tenant_mappings_state_ck
    check (state in ('mapped', 'create_new', 'skip_for_now', 'needs_review')),
  constraint entra_tenant_mappings_mapped_client_ck check (state <> 'mapped' or client_id is not null),
  constraint entra_tenant_mappings_confidence_ck check (confidence >= 0 and confidence <= 1)
);
-- Rule: one active mapping per managed tenant.
create unique index entra_tenant_mappings_one_active_ux
  on entra_tenant_mappings (msp_tenant_id, entra_tenant_id) where active;
-- Lookup: the active mappings of a client (single-client sync, client page).
create index entra_tenant_mappings_by_client_ix
  on entra_tenant_mappings (msp_tenant_id, client_id) where active;
-- Lookup: a tenant's decision history, newest first.
create index entra_tenant_mappings_history_ix
  on entra_tenant_mappings (msp_tenant_id, entra_tenant_id, decided_at desc);

-- Sync settings of an MSP tenant (absent row = defaults).
create table entra_sync_settings (
  msp_tenant_id               text        not null,
  interval_minutes            integer     not null default 1440,
  field_sync_config           jsonb       not null
    default '{"displayName": false, "email": false, "phone": false, "jobTitle": false, "upn": false}',
  user_filter_config          jsonb       not null
    default '{"includeGuests": false, "licensedOnly": false, "customPatterns": []}',
  mark_inactive_when_disabled boolean     not null default true,
  updated_at                  timestamptz not null default now(),
  constraint entra_sync_settings_pk primary key (msp_tenant_id),
  constraint entra_sync_settings_interval_ck check (interval_minutes between 15 and 10080),
  constraint entra_sync_settings_field_sync_ck check (jsonb_typeof(field_sync_config) = 'object'),
  constraint entra_sync_settings_user_filter_ck check (jsonb_typeof(user_filter_config) = 'object')
);

-- One sync run (a workflow execution) and its summary counters.
create table entra_sync_runs (
  msp_tenant_id     text        not null,
  run_id            text        not null,
  workflow_id       text,
  kind              text        not null,
  status            text        not null,
  dry_run           boolean     not null default false,
  initiated_by      text,
  scope             text,
  total_tenants     integer     not null default 0,
  processed_tenants integer     not null default 0,
  created           integer     not null default 0,
  linked            integer     not null default 0,
  updated           integer     not null default 0,
  unchanged         integer     not null default 0,
  ambiguous         integer     not null default 0,
  inactivated       integer     not null default 0,
  reactivated       integer     not null default 0,
  skipped           integer     not null default 0,
  started_at        timestamptz not null,
  finished_at       timestamptz,
  error             text,
  updated_at        timestamptz not null default now(),
  constraint entra_sync_runs_pk primary key (msp_tenant_id, run_id),
  constraint entra_sync_runs_kind_ck check (kind in ('initial', 'all', 'scheduled', 'client')),
  constraint entra_sync_runs_status_ck check (status in ('queued', 'running', 'completed', 'partial', 'failed')),
  constraint entra_sync_runs_counters_ck check (
    created >= 0 and linked >= 0 and updated >= 0 and unchanged >= 0
    and ambiguous >= 0 and inactivated >= 0 and reactivated >= 0 and skipped >= 0)
);
-- Lookup: run history, most recent first.
create index entra_sync_runs_recent_ix on entra_sync_runs (msp_tenant_id, started_at desc);

-- The outcome of one managed tenant within a run.
create table entra_sync_run_tenants (
  msp_tenant_id        text        not null,
  run_id               text        not null,
  entra_tenant_id      text        not null,
  client_id            text,
  status               text        not null,
  created              integer     not null default 0,
  linked               integer     not null default 0,
  updated              integer     not null default 0,
  unchanged            integer     not null default 0,
  ambiguous            integer     not null default 0,
  inactivated          integer     not null default 0,
  reactivated          integer     not null default 0,
  skipped              integer     not null default 0,
  eligible_users       integer,
  eligible_observed_at timestamptz,
  error_message        text,
  started_at           timestamptz,
  finished_at          timestamptz,
  updated_at           timestamptz not null default now(),
  constraint entra_sync_run_tenants_pk primary key (msp_tenant_id, run_id, entra_tenant_id),
  constraint entra_sync_run_tenants_run_fk foreign key (msp_tenant_id, run_id)
    references entra_sync_runs (msp_tenant_id, run_id),
  constraint entra_sync_run_tenants_status_ck check (status in ('running', 'completed', 'failed', 'skipped')),
  constraint entra_sync_run_tenants_counters_ck check (
    created >= 0 and linked >= 0 and updated >= 0 and unchanged >= 0
    and ambiguous >= 0 and inactivated >= 0 and reactivated >= 0 and skipped >= 0),
  constraint entra_sync_run_tenants_eligible_ck check (eligible_users >= 0)
);

-- Identity-to-contact links. Never deleted: a link moved away from a contact is 'detached'.
create table entra_contact_links (
  msp_tenant_id           text        not null,
  entra_tenant_id         text        not null,
  entra_object_id         text        not null,
  contact_id              text        not null,
  client_id               text        not null,
  status                  text        not null default 'active',
  sync_inactivated_reason text,
  last_seen_at            timestamptz,
  last_synced_at          timestamptz,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  -- Rule: one link per (MSP tenant, Entra tenant, object id).
  constraint entra_contact_links_pk primary key (msp_tenant_id, entra_tenant_id, entra_object_id),
  constraint entra_contact_links_tenant_fk foreign key (msp_tenant_id, entra_tenant_id)
    references entra_managed_tenants (msp_tenant_id, entra_tenant_id),
  constraint entra_contact_links_status_ck check (status in ('active', 'detached')),
  constraint entra_contact_links_reason_ck
    check (sync_inactivated_reason in ('disabled_upstream', 'deleted_upstream'))
);
-- Rule: one active link per contact.
create unique index entra_contact_links_one_active_per_contact_ux
  on entra_contact_links (msp_tenant_id, contact_id) where status = 'active';
-- Lookup: deletion detection (active links of a tenant not seen since a listing started).
create index entra_contact_links_last_seen_ix
  on entra_contact_links (msp_tenant_id, entra_tenant_id, last_seen_at) where status = 'active';
-- (Links by object ids of one tenant use the primary key.)

-- Identities with several plausible contacts, waiting for an operator. Closed items stay.
create table entra_reconciliation_queue (
  msp_tenant_id         text        not null,
  item_id               bigint      generated always as identity,
  entra_tenant_id       text        not null,
  entra_object_id       text        not null,
  client_id             text        not null,
  email                 text,
  display_name          text,
  candidate_contact_ids jsonb       not null default '[]',
  status                text        not null default 'open',
  resolution            text,
  resolved_by           text,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  resolved_at           timestamptz,
  constraint entra_reconciliation_queue_pk primary key (msp_tenant_id, item_id),
  constraint entra_reconciliation_queue_tenant_fk foreign key (msp_tenant_id, entra_tenant_id)
    references entra_managed_tenants (msp_tenant_id, entra_tenant_id),
  constraint entra_reconciliation_queue_status_ck check (status in ('open', 'resolved', 'dismissed')),
  constraint entra_reconciliation_queue_candidates_ck check (jsonb_typeof(candidate_contact_ids) = 'array'),
  constraint entra_reconciliation_queue_closed_ck check ((status = 'open') = (resolved_at is null))
);
-- Rule: one open item per identity.
create unique index entra_reconciliation_queue_one_open_ux
  on entra_reconciliation_queue (msp_tenant_id, entra_tenant_id, entra_object_id) where status = 'open';
-- Lookup: the latest item of identities (sync planning), any status.
create index entra_reconciliation_queue_identity_ix
  on entra_reconciliation_queue (msp_tenant_id, entra_tenant_id, entra_object_id, created_at desc);
-- Lookup: the open queue of an MSP tenant, oldest first.
create index entra_reconciliation_queue_open_ix
  on entra_reconciliation_queue (msp_tenant_id, created_at) where status = 'open';
