package dev.todo.recurring.occurrence;

/** The sidecar, the state store or todo-api is unavailable for now: Dapr should redeliver. */
public class TransientFailureException extends RuntimeException {

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
