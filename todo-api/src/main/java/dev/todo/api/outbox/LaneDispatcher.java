package dev.todo.api.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch of outbox rows: each task's rows in one lane, oldest first, the lanes of different tasks in
 * parallel on a fixed pool of threads. The first failure ends its task's lane for this round, so a task's events
 * never overtake each other; other tasks go on.
 */
final class LaneDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LaneDispatcher.class);

    private final List<DeliveryStep> steps;
    private final ExecutorService lanes;

    LaneDispatcher(List<DeliveryStep> steps, int lanes) {
        this.steps = steps;
        AtomicInteger number = new AtomicInteger();
        this.lanes = Executors.newFixedThreadPool(lanes, runnable -> {
            Thread thread = new Thread(runnable, "outbox-lane-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Blocks until every lane of the batch is done. */
    Round dispatch(List<PendingEvent> batch) throws InterruptedException {
        Map<Long, List<PendingEvent>> byTask = new LinkedHashMap<>();
        for (PendingEvent event : batch) {
            byTask.computeIfAbsent(event.taskId(), id -> new ArrayList<>()).add(event);
        }
        List<Callable<Round>> work = byTask.values().stream().<Callable<Round>>map(events -> () -> deliverInOrder(events))
                .toList();
        List<PendingEvent> delivered = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Future<Round> lane : lanes.invokeAll(work)) {
            Round round = result(lane);
            delivered.addAll(round.delivered());
            failures.addAll(round.failures());
        }
        return new Round(delivered, failures);
    }

    private Round deliverInOrder(List<PendingEvent> events) {
        List<PendingEvent> delivered = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            try {
                for (DeliveryStep step : steps) {
                    step.deliver(event);
                }
            } catch (RuntimeException e) {
                String error = rootMessage(e);
                log.atWarn().setMessage("outbox event not published").addKeyValue("event", "outbox_delivery_failed")
                        .addKeyValue("task_id", event.taskId()).addKeyValue("event_id", event.eventId())
                        .addKeyValue("event_type", event.eventType()).addKeyValue("error", error).log();
                return new Round(delivered, List.of(new Failure(event, error)));
            }
            delivered.add(event);
            log.atDebug().setMessage("outbox event published").addKeyValue("event", "outbox_published")
                    .addKeyValue("task_id", event.taskId()).addKeyValue("event_id", event.eventId())
                    .addKeyValue("event_type", event.eventType()).addKeyValue("topic", event.topic()).log();
        }
        return new Round(delivered, List.of());
    }

    private static Round result(Future<Round> lane) throws InterruptedException {
        try {
            return lane.get();
        } catch (ExecutionException e) {
            // deliverInOrder catches what a step throws; anything else is a bug worth failing the round for
            throw new IllegalStateException("an outbox lane failed", e.getCause());
        }
    }

    @Override
    public void close() {
        lanes.shutdownNow();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** What one round delivered, and the row that stopped each failed task. */
    record Round(List<PendingEvent> delivered, List<Failure> failures) {
    }

    record Failure(PendingEvent event, String error) {
    }
}
