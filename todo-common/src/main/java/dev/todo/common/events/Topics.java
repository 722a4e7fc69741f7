package dev.todo.common.events;

/** Names shared by publishers, subscribers, Dapr components and the Kafka topic manifests. */
public final class Topics {

    public static final String PUBSUB = "kafka-pubsub";
    public static final String TASK_EVENTS = "task-events";
    public static final String TASK_UPDATES = "task-updates";
    public static final String REMINDERS = "reminders";
    public static final String TASK_EVENTS_DLQ = "task-events-dlq";
    public static final String REMINDERS_DLQ = "reminders-dlq";
    /** Dapr metadata key that becomes the Kafka record key, keeping one task's events in order. */
    public static final String PARTITION_KEY = "partitionKey";

    private Topics() {
    }
}
