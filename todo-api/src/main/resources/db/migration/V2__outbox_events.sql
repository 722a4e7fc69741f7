-- Transactional outbox (SPEC §3): each state change inserts its event here in the same transaction.
-- A relay publishes unpublished rows in id order (which is per-task order, ids come from one sequence)
-- and sets published_at. Safe relaying with several replicas: take a session advisory lock as leader
-- (pg_try_advisory_lock) or claim batches with
--   select ... from outbox_events where published_at is null order by id limit n for update skip locked
-- and skip a task whose earlier row is still locked by another relay, so one task's events never overtake
-- each other.
create table outbox_events (
    id           bigint generated always as identity primary key,
    event_id     uuid        not null unique,
    task_id      bigint      not null,
    user_id      text        not null,
    -- where the relay sends it: task-events (also fanned out to task-updates), reminders, ...
    topic        varchar(64) not null,
    -- created|updated|completed|uncompleted|deleted for task events, reminder for reminders
    event_type   varchar(32) not null,
    payload      jsonb       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz,
    attempts     integer     not null default 0,
    last_error   text
);

-- the relay's work queue: small, only unpublished rows
create index idx_outbox_unpublished on outbox_events (id) where published_at is null;
-- GET .../history: one task's events, oldest first
create index idx_outbox_task on outbox_events (task_id, id);
