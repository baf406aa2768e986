-- entrasync, schema version 2: sync safety (deletion-safety valve, held deletions, counters,
-- values of queued identities).

-- A removal reported by a round (delta @removed, disabled upstream) or held missing, that the
-- deletion-safety valve has not decided yet. Written with the page that reported it, so it survives
-- a retried activity; cleared when the identity comes back or the removal is applied.
alter table entra_contact_links
  add column pending_removal_reason text,
  add column pending_removal_at     timestamptz,
  add constraint entra_contact_links_pending_reason_ck
    check (pending_removal_reason in ('disabled_upstream', 'deleted_upstream')),
  add constraint entra_contact_links_pending_at_ck
    check ((pending_removal_reason is null) = (pending_removal_at is null));
-- Lookup: a tenant's pending removals (after every listing).
create index entra_contact_links_pending_ix
  on entra_contact_links (msp_tenant_id, entra_tenant_id, entra_object_id)
  where pending_removal_reason is not null and status = 'active';

-- The inactivations the valve holds, one row per managed tenant that ever held some. Never deleted:
-- a tenant that holds nothing any more keeps its row with empty arrays.
create table entra_held_deletions (
  msp_tenant_id       text        not null,
  entra_tenant_id     text        not null,
  held_reason         text        not null,
  -- the held identities and, at the same positions, the reasons their contacts would be inactivated for
  object_ids          text[]      not null default '{}',
  removal_reasons     text[]      not null default '{}',
  held_count          integer     generated always as (cardinality(object_ids)) stored,
  active_links_before integer     not null,
  held_since          timestamptz,
  approved_by         text,
  approved_at         timestamptz,
  updated_at          timestamptz not null default now(),
  constraint entra_held_deletions_pk primary key (msp_tenant_id, entra_tenant_id),
  constraint entra_held_deletions_tenant_fk foreign key (msp_tenant_id, entra_tenant_id)
    references entra_managed_tenants (msp_tenant_id, entra_tenant_id),
  constraint entra_held_deletions_reason_ck
    check (held_reason in ('threshold_tripped', 'incomplete_listing', 'empty_listing')),
  constraint entra_held_deletions_arrays_ck
    check (cardinality(object_ids) = cardinality(removal_reasons)
           and removal_reasons <@ array['disabled_upstream', 'deleted_upstream']::text[]),
  constraint entra_held_deletions_base_ck check (active_links_before >= 0),
  constraint entra_held_deletions_since_ck check (cardinality(object_ids) = 0 or held_since is not null),
  constraint entra_held_deletions_approval_ck check ((approved_by is null) = (approved_at is null))
);

-- Inactivations the valve held back in a tenant's sync (not counted as inactivated).
alter table entra_sync_run_tenants
  add column deletions_held integer not null default 0,
  add constraint entra_sync_run_tenants_deletions_held_ck check (deletions_held >= 0);

-- Every value Entra had for a queued identity, so that resolving it by creating a contact gives the
-- contact all of them (not name and email only).
alter table entra_reconciliation_queue
  add column job_title           text,
  add column user_principal_name text,
  add column phones              jsonb not null default '[]',
  add constraint entra_reconciliation_queue_phones_ck check (jsonb_typeof(phones) = 'array');
