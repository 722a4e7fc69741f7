package dev.todo.api.outbox;

import java.util.List;
import java.util.Map;

/**
 * Sends one wave of outbox rows on their way: at most one row per task, so the rows of a wave can go out in any
 * order and at once. Rows not in the answer were published; a row in it was not, and will be tried again.
 */
public interface OutboxPublisher {

    /** @return the rows that failed, by outbox id, with the reason */
    Map<Long, String> publish(List<PendingEvent> wave);
}
