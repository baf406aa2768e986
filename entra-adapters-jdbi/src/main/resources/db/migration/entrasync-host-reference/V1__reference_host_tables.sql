-- entrasync reference host, version 1: a minimal PSA client/contact schema.
--
-- Used by the example host and the tests, and usable by a host whose contacts live in the same
-- PostgreSQL database. A host with its own contact tables does not run this: it implements
-- HostClientDirectory and HostContactDirectory over its own tables instead.
-- Every primary key starts with msp_tenant_id, every foreign key includes it.

create table psa_clients (
  msp_tenant_id    text        not null,
  id               text        not null,
  name             text        not null,
  url              text,
  billing_email    text,
  inbound_domains  text[]      not null default '{}',
  -- The Entra tenant id a client was provisioned for (create_new decisions); null for clients
  -- the MSP created by hand. Makes provisioning idempotent.
  provisioning_key text,
  created_at       timestamptz not null default now(),
  constraint psa_clients_pk primary key (msp_tenant_id, id)
);
create unique index psa_clients_provisioning_key_ux
  on psa_clients (msp_tenant_id, provisioning_key) where provisioning_key is not null;

create table psa_contacts (
  msp_tenant_id    text        not null,
  id               text        not null,
  client_id        text        not null,
  full_name        text,
  email            text,
  -- The matching key: trimmed, lower-cased email; null when the email is blank.
  email_normalized text        generated always as (nullif(lower(btrim(email)), '')) stored,
  role             text,
  upn              text,
  inactive         boolean     not null default false,
  inactive_reason  text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  constraint psa_contacts_pk primary key (msp_tenant_id, id),
  constraint psa_contacts_client_fk foreign key (msp_tenant_id, client_id)
    references psa_clients (msp_tenant_id, id)
);
-- Lookup: contacts of a client by normalized email (the sync's candidate search). Not unique: a
-- host's own data may already hold two contacts of one client with the same address, which is
-- exactly what the reconciliation queue is for. The reference host refuses to CREATE a contact
-- whose email another contact of the client uses (and, in "unique per MSP tenant" mode, of any
-- client); that check lives in ReferenceHostContactDirectory.
create index psa_contacts_email_per_client_ix
  on psa_contacts (msp_tenant_id, client_id, email_normalized) where email_normalized is not null;
-- Lookup: contacts by normalized email across the tenant's clients.
create index psa_contacts_email_ix
  on psa_contacts (msp_tenant_id, email_normalized) where email_normalized is not null;

create table psa_contact_phones (
  msp_tenant_id text    not null,
  phone_id      bigint  generated always as identity,
  contact_id    text    not null,
  number        text    not null,
  type          text    not null,
  is_default    boolean not null default false,
  position      integer not null,
  constraint psa_contact_phones_pk primary key (msp_tenant_id, phone_id),
  constraint psa_contact_phones_contact_fk foreign key (msp_tenant_id, contact_id)
    references psa_contacts (msp_tenant_id, id),
  constraint psa_contact_phones_type_ck check (type in ('work', 'mobile', 'other'))
);
create index psa_contact_phones_contact_ix on psa_contact_phones (msp_tenant_id, contact_id, position);
