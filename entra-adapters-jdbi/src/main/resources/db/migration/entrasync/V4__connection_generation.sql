-- The generation of a partner connection: a number no other connection row ever had, fixed when the
-- row is inserted (connect, reconnect, switch). Work that started under one generation (a token
-- refresh, a tenant sync) re-reads the active row's generation before it writes a secret or records
-- a failure, so a disconnect or switch in between is noticed and nothing is written against the
-- connection that replaced it.
create sequence entra_partner_connection_generation_seq;

alter table entra_partner_connections
  add column generation bigint not null default nextval('entra_partner_connection_generation_seq');

create unique index entra_partner_connections_generation_ux on entra_partner_connections (generation);
