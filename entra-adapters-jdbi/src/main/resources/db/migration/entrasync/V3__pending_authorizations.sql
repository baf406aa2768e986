-- entrasync, schema version 3: partner sign-ins waiting for their OAuth callback, shared by every
-- node of the host (the callback may reach another node than the one that started the sign-in).
--
-- Two deliberate exceptions to the rules of version 1, both limited to this table:
--   * a row holds a PKCE code verifier while its sign-in is pending. It grants nothing by itself
--     (it only proves, together with an authorization code delivered to the registered redirect
--     URI within the sign-in's ten minutes, that the code exchange comes from who started it); it is
--     set to null the moment the sign-in is used, and the check below keeps it so;
--   * rows are deleted: a pending sign-in is not a host contact or a link, and an expired or used
--     one is of no further use once the caller had the chance to say precisely what went wrong.
-- The state itself is not stored: rows are found by its SHA-256 (the state is the capability a
-- browser presents; the table alone does not hand it out).

create table entra_pending_authorizations (
  msp_tenant_id  text        not null,
  -- Lower-case hex SHA-256 of the OAuth state.
  state_hash     text        not null,
  actor_user_id  text        not null,
  code_verifier  text,
  redirect_uri   text        not null,
  created_at     timestamptz not null,
  expires_at     timestamptz not null,
  consumed_at    timestamptz,
  constraint entra_pending_authorizations_pk primary key (msp_tenant_id, state_hash),
  constraint entra_pending_authorizations_state_hash_ck check (state_hash ~ '^[0-9a-f]{64}$'),
  -- The verifier is held exactly while the sign-in is unused.
  constraint entra_pending_authorizations_verifier_until_used_ck
    check ((consumed_at is null) = (code_verifier is not null)),
  constraint entra_pending_authorizations_expiry_ck check (expires_at > created_at)
);
-- A callback carries only the state: the lookup is by its hash, unique across tenants.
create unique index entra_pending_authorizations_state_ux on entra_pending_authorizations (state_hash);
-- The purge of expired sign-ins.
create index entra_pending_authorizations_expiry_ix on entra_pending_authorizations (expires_at);
