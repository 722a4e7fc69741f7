package dev.todo.common.pubsub;

/** The message is fine but something it needs (a database, a sidecar, another service) is unavailable for now. */
public class TransientMessageException extends RuntimeException {

    public TransientMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
