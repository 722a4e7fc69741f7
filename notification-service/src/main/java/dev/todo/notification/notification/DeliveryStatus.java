package dev.todo.notification.notification;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum DeliveryStatus {
    PENDING, SENT, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
