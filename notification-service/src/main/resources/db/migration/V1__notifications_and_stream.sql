-- One notification per reminder: a redelivered or re-fired reminder for the same task and
-- remind_at finds the row already there (INSERT ... ON CONFLICT DO NOTHING).
create table notifications (
    id              bigserial primary key,
    user_id         text        not null,
    task_id         bigint      not null,
    event_id        uuid        not null,
    title           text        not null,
    due_at          timestamptz,
    remind_at       timestamptz not null,
    channel         text        not null,
    status          text        not null check (status in ('pending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    -- when the retrier may (re)try this delivery; null once sent or given up
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    read_at         timestamptz,
    constraint notifications_one_per_reminder unique (task_id, remind_at)
);
create index notifications_by_user on notifications (user_id, created_at desc, id desc);
create index notifications_due_for_delivery on notifications (next_attempt_at) where status <> 'sent';

-- Everything the SSE stream sends, in order. The id is the SSE event id (Last-Event-ID), so a
-- client reconnecting to any replica resumes where it stopped.
create table stream_events (
    id              bigserial primary key,
    user_id         text        not null,
    type            text        not null,
    payload         jsonb       not null,
    -- the Dapr/CloudEvent event that produced this row; a redelivery inserts nothing
    source_event_id uuid unique,
    created_at      timestamptz not null
);
create index stream_events_by_user on stream_events (user_id, id);
create index stream_events_by_age on stream_events (created_at);

-- Every replica LISTENs on this channel; NOTIFY is sent on commit, so a replica only ever
-- reads committed rows.
create function notify_stream_event() returns trigger language plpgsql as $$
begin
    perform pg_notify('stream_events', new.id::text);
    return new;
end
$$;
create trigger stream_events_notify after insert on stream_events
    for each row execute function notify_stream_event();

-- The e-mail address of a user, learned from the `email` claim of the user's own JWT when the
-- user calls this service (events carry only the user id).
create table user_contacts (
    user_id    text primary key,
    email      text        not null,
    updated_at timestamptz not null
);
