package dev.todo.common.events;

/**
 * The CloudEvent {@code type} of every event the platform publishes: reverse-DNS, versioned with the payload's
 * schema, so a subscriber's Dapr routing rule can decide on it without the payload being read. Constants rather
 * than an enum because {@code @Rule(match = ...)} needs compile-time strings.
 */
public final class CloudEventTypes {

    public static final String TASK_CREATED = "dev.todo.task.created.v1";
    public static final String TASK_UPDATED = "dev.todo.task.updated.v1";
    public static final String TASK_COMPLETED = "dev.todo.task.completed.v1";
    public static final String TASK_UNCOMPLETED = "dev.todo.task.uncompleted.v1";
    public static final String TASK_DELETED = "dev.todo.task.deleted.v1";
    public static final String REMINDER_DUE = "dev.todo.reminder.due.v1";

    /** The outbox's {@code event_type} of a reminder (task events use {@link TaskEventType#wireName()}). */
    public static final String REMINDER_EVENT_TYPE = "reminder";

    private CloudEventTypes() {
    }

    public static String of(TaskEventType type) {
        return switch (type) {
            case CREATED -> TASK_CREATED;
            case UPDATED -> TASK_UPDATED;
            case COMPLETED -> TASK_COMPLETED;
            case UNCOMPLETED -> TASK_UNCOMPLETED;
            case DELETED -> TASK_DELETED;
        };
    }

    /**
     * @param eventType an outbox row's {@code event_type}
     * @throws IllegalArgumentException for a type no writer produces
     */
    public static String forEventType(String eventType) {
        if (REMINDER_EVENT_TYPE.equals(eventType)) {
            return REMINDER_DUE;
        }
        return of(TaskEventType.fromWire(eventType));
    }
}
