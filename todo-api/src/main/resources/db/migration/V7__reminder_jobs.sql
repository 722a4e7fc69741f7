-- The reminder module's desired state of each task's Dapr job (reminder-{task_id}), written in the transaction
-- that changes the task. ReminderJobWorker converges it with the Scheduler apart from the outbox relay, so a
-- Scheduler outage delays jobs and never holds back task events.
--   remind_at            the job the task wants now (null: none)
--   scheduled_remind_at  the job last confirmed by the Scheduler (null: none); a row needs a Scheduler call
--                        exactly when the two differ, so a task that never had a job never causes a call
--   task_version         the task version remind_at was taken from; an older version never overwrites a newer
--   attempts/last_error  failed Scheduler calls since the last success
--   next_attempt_at      when a worker may try next: the back-off after a failure, or the lease of the worker
--                        that claimed the row (its claim token)
--   traceparent          W3C trace context of the change, for tracing the job (nullable, set later)
-- A row whose job is removed and that wants none is deleted: it says no more than a missing row.
create table reminder_jobs (
    task_id             bigint primary key,
    remind_at           timestamptz,
    scheduled_remind_at timestamptz,
    task_version        bigint      not null,
    attempts            integer     not null default 0,
    last_error          text,
    next_attempt_at     timestamptz not null,
    traceparent         text
);

-- the worker's queue: only rows that still need a Scheduler call
create index idx_reminder_jobs_pending on reminder_jobs (next_attempt_at)
    where remind_at is distinct from scheduled_remind_at;

-- Open tasks with a reminder already had their job scheduled by the relay before this table existed. Future
-- ones are scheduled again (overwrite, harmless); past ones count as done, so no reminder is sent twice.
insert into reminder_jobs (task_id, remind_at, scheduled_remind_at, task_version, next_attempt_at)
select id, remind_at, case when remind_at <= now() then remind_at end, version, now()
from tasks
where remind_at is not null and not completed;
