package dev.todo.api.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch of outbox rows in waves: the first wave holds each task's oldest row, the next wave each
 * task's second row, and so on, and a wave is sent only after the previous one was acknowledged. A wave goes out
 * as one bulk publish per topic, so the cost of a call is shared by every task in it, while a task's events still
 * reach Kafka one after another. A failed row ends its task for this round: its later rows wait for the next
 * round, so a task's events never overtake each other.
 */
final class WaveDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WaveDispatcher.class);

    private final OutboxPublisher publisher;

    WaveDispatcher(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    Round dispatch(List<PendingEvent> batch) {
        Map<Long, ArrayDeque<PendingEvent>> byTask = new LinkedHashMap<>();
        for (PendingEvent event : batch) {
            byTask.computeIfAbsent(event.taskId(), id -> new ArrayDeque<>()).add(event);
        }
        List<PendingEvent> delivered = new ArrayList<>(batch.size());
        List<Failure> failures = new ArrayList<>();
        while (!byTask.isEmpty()) {
            List<PendingEvent> wave = byTask.values().stream().map(ArrayDeque::removeFirst).toList();
            Map<Long, String> failed = publisher.publish(wave);
            for (PendingEvent event : wave) {
                String error = failed.get(event.id());
                if (error == null) {
                    delivered.add(event);
                    continue;
                }
                failures.add(new Failure(event, error));
                byTask.remove(event.taskId());
                log.atWarn().setMessage("outbox event not published").addKeyValue("event", "outbox_delivery_failed")
                        .addKeyValue("task_id", event.taskId()).addKeyValue("event_id", event.eventId())
                        .addKeyValue("event_type", event.eventType()).addKeyValue("error", error).log();
            }
            byTask.values().removeIf(ArrayDeque::isEmpty);
        }
        return new Round(delivered, failures);
    }

    /** What one round delivered, and the row that stopped each failed task. */
    record Round(List<PendingEvent> delivered, List<Failure> failures) {
    }

    record Failure(PendingEvent event, String error) {
    }
}
