-- An unrelated host schema with its own Flyway history (flyway_schema_history).
create table customers (id bigserial primary key, name text not null);
create table users (id bigserial primary key, email text not null unique);
