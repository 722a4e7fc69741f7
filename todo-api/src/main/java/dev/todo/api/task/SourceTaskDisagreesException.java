package dev.todo.api.task;

/**
 * The event recurring-service acts on is not backed by todo-api's own task: a {@code completed} event for a
 * task that is not completed (at the event's version or later), an {@code uncompleted} one for a task that is.
 * Either the event was overtaken by a later change or it was never written by todo-api; nothing is changed.
 */
public class SourceTaskDisagreesException extends RuntimeException {

    public SourceTaskDisagreesException(String detail) {
        super(detail);
    }
}
