-- One NOTIFY per insert statement instead of one per row: task updates arrive in batches inserted by one
-- statement each. The payload lists the statement's new ids, ascending and comma-separated, so the listener still
-- fetches exactly the notified rows (rows of concurrent transactions commit out of id order: a range or a maximum
-- would skip a late committer or repeat another's rows). At most 200 ids per notification keep the payload far
-- below NOTIFY's 8000-byte limit whatever the statement's size.
drop trigger stream_events_notify on stream_events;
drop function notify_stream_event();

create function notify_stream_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('stream_events', string_agg(id::text, ',' order by id))
    from (select id, (row_number() over (order by id) - 1) / 200 as chunk from inserted) numbered
    group by chunk;
    return null;
end
$$;
create trigger stream_events_notify after insert on stream_events
    referencing new table as inserted
    for each statement execute function notify_stream_events();
