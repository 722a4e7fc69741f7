package dev.todo.common.pubsub;

/** A message that will never be processable, however often it is redelivered. */
public class PoisonMessageException extends RuntimeException {

    private final String cloudEventId;

    public PoisonMessageException(String cloudEventId, String reason, Throwable cause) {
        super(reason, cause);
        this.cloudEventId = cloudEventId;
    }

    public String cloudEventId() {
        return cloudEventId;
    }
}
