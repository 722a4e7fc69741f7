-- Single-use tickets that open one user's SSE stream (a browser's EventSource cannot send a bearer
-- header, and a JWT in the URL would end up in access logs). Only the SHA-256 of a ticket is stored,
-- so the table opens nothing by itself; every replica redeems from here, so any replica may serve
-- the stream a ticket was issued for.
create table stream_tickets (
    ticket_hash bytea primary key,
    user_id     text        not null,
    expires_at  timestamptz not null
);
create index stream_tickets_by_expiry on stream_tickets (expires_at);
