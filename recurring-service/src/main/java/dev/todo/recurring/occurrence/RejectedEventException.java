package dev.todo.recurring.occurrence;

/** An event that can never be handled (bad recurrence data, a request todo-api rejects): dead-letter it. */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
