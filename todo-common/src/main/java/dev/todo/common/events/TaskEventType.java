package dev.todo.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TaskEventType {
    CREATED, UPDATED, COMPLETED, UNCOMPLETED, DELETED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskEventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
