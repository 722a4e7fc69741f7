package dev.todo.common.recurrence;

import java.util.Locale;

/** What the next due date counts from (SPEC §2 {@code recurrence_anchor}). */
public enum RecurrenceAnchor {
    /** The next date follows the schedule: first instance after the previous due date. */
    DUE,
    /** The next date counts from the completion time, keeping the series' time of day. */
    COMPLETION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the anchor, {@link #DUE} for null; an unknown value is an {@link IllegalArgumentException}. */
    public static RecurrenceAnchor fromWire(String value) {
        if (value == null) {
            return DUE;
        }
        for (RecurrenceAnchor anchor : values()) {
            if (anchor.wireName().equals(value)) {
                return anchor;
            }
        }
        throw new IllegalArgumentException("recurrence_anchor must be one of: due, completion");
    }
}
