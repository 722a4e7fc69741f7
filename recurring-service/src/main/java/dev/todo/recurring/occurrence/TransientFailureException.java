package dev.todo.recurring.occurrence;

import dev.todo.common.pubsub.TransientMessageException;

/** The sidecar, the state store or todo-api is unavailable for now: Dapr should redeliver. */
public class TransientFailureException extends TransientMessageException {

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
