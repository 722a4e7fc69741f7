package dev.todo.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** SPEC §3: published on {@code reminders} when a task's reminder job fires. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReminderEvent(
        UUID eventId,
        long taskId,
        String title,
        Instant dueAt,
        Instant remindAt,
        String userId) implements SubscribedEvent {

    @Override
    @JsonIgnore
    public String eventTypeName() {
        return CloudEventTypes.REMINDER_EVENT_TYPE;
    }
}
