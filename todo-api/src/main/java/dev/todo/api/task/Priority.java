package dev.todo.api.task;

import java.util.Locale;

public enum Priority {
    LOW, MEDIUM, HIGH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but low|medium|high */
    public static Priority fromWire(String value) {
        for (Priority p : values()) {
            if (p.wireName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be one of low, medium, high");
    }
}
