create table invoices (id bigserial primary key, customer_id bigint not null references customers (id));
