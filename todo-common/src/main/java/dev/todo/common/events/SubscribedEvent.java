package dev.todo.common.events;

import java.util.UUID;

/** What every event a service subscribes to carries, so one subscriber skeleton can log any of them. */
public interface SubscribedEvent {

    UUID eventId();

    long taskId();

    String userId();

    /** The {@code event_type} a log line names (not a payload field of every event). */
    String eventTypeName();
}
