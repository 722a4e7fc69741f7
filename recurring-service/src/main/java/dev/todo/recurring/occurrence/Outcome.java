package dev.todo.recurring.occurrence;

/** What handling one task event did; logged and kept in the processed-event record. */
public enum Outcome {
    IGNORED,
    NOT_RECURRING,
    DUPLICATE,
    CREATED,
    ALREADY_CREATED,
    SERIES_ENDED,
    TASK_GONE,
    STALE_COMPLETION,
    REMOVED,
    NOTHING_TO_REMOVE,
    KEPT_TOUCHED,
    /** todo-api's task is not un-completed (at the event's version): the event was overtaken or forged. */
    NOT_UNCOMPLETED
}
