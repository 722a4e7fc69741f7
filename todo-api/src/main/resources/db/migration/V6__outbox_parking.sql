-- Parking (issue 12): a row that keeps failing on its own is set aside so it stops blocking its task's later
-- events. It stays here (the pruner deletes only published rows) until an operator replays it
-- (POST /internal/outbox/parked/replay), which clears parked_at and strikes.
alter table outbox_events
    -- when the relay parked the row; null = in the queue (or published)
    add column parked_at timestamptz,
    -- failures that were the row's own: other rows went through in the same round, so neither the sidecar
    -- nor the broker was down. max-attempts strikes park the row; an outage never adds a strike.
    add column strikes   integer not null default 0;

-- the relay's work queue: unpublished rows that are not parked (the queries repeat this predicate)
drop index idx_outbox_unpublished;
create index idx_outbox_unpublished on outbox_events (id) where published_at is null and parked_at is null;
-- the parked gauge and the replay route
create index idx_outbox_parked on outbox_events (id) where parked_at is not null;
