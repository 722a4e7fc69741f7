package dev.todo.common.recurrence;

/**
 * A recurrence pattern that is a valid RRULE but would cost more to expand than {@link RecurrenceRule}'s
 * documented bounds allow. It is an {@link InvalidRecurrenceException}, so it takes the same path to a 400
 * problem+json with an {@code errors} entry for field {@code recurrence_pattern}.
 */
public class RecurrenceTooCostlyException extends InvalidRecurrenceException {

    private final String rulePart;

    public RecurrenceTooCostlyException(String rulePart, String message) {
        super(message);
        this.rulePart = rulePart;
    }

    /** The rule part the bound is about, e.g. {@code BYSECOND}, {@code INTERVAL} or {@code BY*}. */
    public String rulePart() {
        return rulePart;
    }
}
