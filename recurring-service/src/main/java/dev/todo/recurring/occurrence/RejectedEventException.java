package dev.todo.recurring.occurrence;

import dev.todo.common.pubsub.PoisonMessageException;

/** An event that can never be handled (bad recurrence data, a request todo-api rejects): dead-letter it. */
public class RejectedEventException extends PoisonMessageException {

    public RejectedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
