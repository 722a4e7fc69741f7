package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneDispatcherTest {

    private final List<PendingEvent> delivered = Collections.synchronizedList(new ArrayList<>());
    private LaneDispatcher dispatcher;

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void deliversEachTasksRowsInIdOrder() throws Exception {
        dispatcher = new LaneDispatcher(List.of(delivered::add), 4);
        List<PendingEvent> batch = List.of(event(1, 10), event(2, 20), event(3, 10), event(4, 20), event(5, 10));

        LaneDispatcher.Round round = dispatcher.dispatch(batch);

        assertThat(round.failures()).isEmpty();
        assertThat(round.delivered()).hasSize(5);
        assertThat(delivered.stream().filter(e -> e.taskId() == 10).map(PendingEvent::id)).containsExactly(1L, 3L, 5L);
        assertThat(delivered.stream().filter(e -> e.taskId() == 20).map(PendingEvent::id)).containsExactly(2L, 4L);
    }

    @Test
    void aFailureStopsItsTaskOnlyAndIsReportedWithItsRow() throws Exception {
        dispatcher = new LaneDispatcher(List.of(event -> {
            if (event.id() == 2) {
                throw new IllegalStateException("refused", new IllegalArgumentException("bad payload"));
            }
            delivered.add(event);
        }), 2);
        List<PendingEvent> batch = List.of(event(1, 10), event(2, 10), event(3, 10), event(4, 20), event(5, 20));

        LaneDispatcher.Round round = dispatcher.dispatch(batch);

        assertThat(round.delivered()).extracting(PendingEvent::id).containsExactlyInAnyOrder(1L, 4L, 5L);
        assertThat(round.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.event().id()).isEqualTo(2L);
            assertThat(failure.error()).isEqualTo("IllegalArgumentException: bad payload");
        });
    }

    @Test
    void runsTheStepsOfEveryRowInTheirOrder() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        dispatcher = new LaneDispatcher(List.of(e -> calls.add("first " + e.id()), e -> calls.add("second " + e.id())),
                1);

        dispatcher.dispatch(List.of(event(1, 10), event(2, 10)));

        assertThat(calls).containsExactly("first 1", "second 1", "first 2", "second 2");
    }

    @Test
    void differentTasksAreDeliveredInParallelLanes() throws Exception {
        // each task's step waits for the other's: only two lanes running at once can finish
        CountDownLatch bothStarted = new CountDownLatch(2);
        dispatcher = new LaneDispatcher(List.of(event -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other lane never ran");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }), 2);

        LaneDispatcher.Round round = dispatcher.dispatch(List.of(event(1, 10), event(2, 20)));

        assertThat(round.failures()).isEmpty();
        assertThat(round.delivered()).extracting(PendingEvent::taskId).containsExactlyInAnyOrder(10L, 20L);
    }

    @Test
    void oneTasksRowsNeverRunConcurrently() throws Exception {
        Set<Long> inFlight = Collections.synchronizedSet(new java.util.HashSet<>());
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        dispatcher = new LaneDispatcher(List.of(event -> {
            if (!inFlight.add(event.taskId())) {
                overlaps.add("task " + event.taskId() + " at row " + event.id());
            }
            Thread.onSpinWait();
            inFlight.remove(event.taskId());
        }), 8);
        List<PendingEvent> batch = new ArrayList<>();
        for (long id = 1; id <= 400; id++) {
            batch.add(event(id, id % 4));
        }

        LaneDispatcher.Round round = dispatcher.dispatch(batch);

        assertThat(round.delivered()).hasSize(400);
        assertThat(overlaps).isEmpty();
    }

    private static PendingEvent event(long id, long taskId) {
        return new PendingEvent(id, UUID.randomUUID(), taskId, "task-events", "updated", "{}", Instant.EPOCH, null);
    }
}
