-- Wakes the outbox relay (OutboxRelay LISTENs on this channel) when outbox rows commit, in any replica.
-- NOTIFY is transactional: it is delivered at commit and dropped on rollback, so the relay never wakes for
-- rows it cannot see. One notification per statement is enough; the relay reads all unpublished rows.
create function notify_outbox_events() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('outbox_events', '');
    return null;
end;
$$;

create trigger outbox_events_notify
    after insert on outbox_events
    for each statement
execute function notify_outbox_events();
