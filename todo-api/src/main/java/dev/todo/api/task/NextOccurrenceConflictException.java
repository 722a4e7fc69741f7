package dev.todo.api.task;

/** The request does not fit the task (another series, not its successor) or the occurrence must be kept: 409. */
public class NextOccurrenceConflictException extends RuntimeException {

    public NextOccurrenceConflictException(String detail) {
        super(detail);
    }
}
