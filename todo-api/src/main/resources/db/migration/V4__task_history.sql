-- A task's audit trail (GET .../history), kept apart from the outbox so published outbox rows can be pruned
-- (OutboxPruner) while the history stays. TaskHistory writes a row in the transaction that changes the task
-- and writes its outbox row, so the three commit or roll back together.
create table task_history (
    id         bigint generated always as identity primary key,
    event_id   uuid        not null unique,
    task_id    bigint      not null,
    user_id    text        not null,
    event_type varchar(32) not null,
    -- the TaskEvent exactly as published
    payload    jsonb       not null,
    created_at timestamptz not null
);

-- one task's events, oldest first, paged
create index idx_task_history_task on task_history (task_id, id);

-- until now the history was read from the outbox: carry its task events over, in their original order
insert into task_history (event_id, task_id, user_id, event_type, payload, created_at)
select event_id, task_id, user_id, event_type, payload, created_at
from outbox_events
where topic = 'task-events'
order by id;

-- the outbox was read per task only for the history
drop index idx_outbox_task;
-- the pruner deletes published rows oldest first
create index idx_outbox_published on outbox_events (published_at) where published_at is not null;
