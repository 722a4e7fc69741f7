package dev.todo.notification.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a {@code stream_events} notification: the ids one insert statement added, comma-separated (the
 * trigger of migration V3 sends one notification per statement, not per row).
 */
final class StreamNotification {

    private StreamNotification() {
    }

    /** @throws NumberFormatException for a payload this service's trigger did not send */
    static List<Long> ids(String payload) {
        List<Long> ids = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = payload.indexOf(',', start);
            ids.add(Long.parseLong(payload, start, comma < 0 ? payload.length() : comma, 10));
            if (comma < 0) {
                return ids;
            }
            start = comma + 1;
        }
    }
}
