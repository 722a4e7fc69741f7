package dev.todo.common.recurrence;

/**
 * A recurrence pattern that is neither a preset nor a usable RFC 5545 RRULE. Unchecked so callers can let
 * it reach the web layer, which answers 400 with the message for field {@code recurrence_pattern}.
 */
public class InvalidRecurrenceException extends IllegalArgumentException {

    public InvalidRecurrenceException(String message) {
        super(message);
    }

    public InvalidRecurrenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
