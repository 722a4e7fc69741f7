package dev.todo.common.pubsub;

/** A message that will never be processable, however often it is redelivered. */
public class PoisonMessageException extends RuntimeException {

    private final String cloudEventId;

    public PoisonMessageException(String cloudEventId, String reason, Throwable cause) {
        super(reason, cause);
        this.cloudEventId = cloudEventId;
    }

    /** A message that was read but can never be handled (its data breaks a rule the handler enforces). */
    public PoisonMessageException(String reason, Throwable cause) {
        this(null, reason, cause);
    }

    public String cloudEventId() {
        return cloudEventId;
    }
}
