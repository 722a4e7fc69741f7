package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WaveDispatcherTest {

    /** Records each wave it is handed; fails the rows it is told to, on their first attempt only. */
    private static final class Sidecar implements OutboxPublisher {

        final List<List<Long>> waves = new ArrayList<>();
        final Set<Long> failing;

        Sidecar(Long... failing) {
            this.failing = Set.of(failing);
        }

        @Override
        public Map<Long, String> publish(List<PendingEvent> wave) {
            waves.add(wave.stream().map(PendingEvent::id).toList());
            Map<Long, String> failed = new HashMap<>();
            wave.stream().filter(e -> failing.contains(e.id())).forEach(e -> failed.put(e.id(), "refused " + e.id()));
            return failed;
        }
    }

    @Test
    void eachWaveHoldsTheNextRowOfEveryTaskInIdOrder() {
        Sidecar sidecar = new Sidecar();
        List<PendingEvent> batch = List.of(event(1, 10), event(2, 20), event(3, 10), event(4, 30), event(5, 10),
                event(6, 20));

        WaveDispatcher.Round round = new WaveDispatcher(sidecar).dispatch(batch);

        assertThat(sidecar.waves).containsExactly(List.of(1L, 2L, 4L), List.of(3L, 6L), List.of(5L));
        assertThat(round.delivered()).extracting(PendingEvent::id).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(round.failures()).isEmpty();
    }

    @Test
    void aWaveNeverHoldsTwoRowsOfOneTask() {
        Sidecar sidecar = new Sidecar();
        List<PendingEvent> batch = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            batch.add(event(id, id % 7));
        }

        new WaveDispatcher(sidecar).dispatch(batch);

        for (List<Long> wave : sidecar.waves) {
            assertThat(wave.stream().map(id -> id % 7)).doesNotHaveDuplicates();
        }
        assertThat(sidecar.waves.stream().mapToInt(List::size).sum()).isEqualTo(60);
    }

    @Test
    void aFailedRowStopsItsTaskForTheRoundAndOtherTasksGoOn() {
        Sidecar sidecar = new Sidecar(3L);
        List<PendingEvent> batch = List.of(event(1, 10), event(2, 20), event(3, 10), event(4, 20), event(5, 10),
                event(6, 20));

        WaveDispatcher.Round round = new WaveDispatcher(sidecar).dispatch(batch);

        assertThat(sidecar.waves).containsExactly(List.of(1L, 2L), List.of(3L, 4L), List.of(6L));
        assertThat(round.delivered()).extracting(PendingEvent::id).containsExactlyInAnyOrder(1L, 2L, 4L, 6L);
        assertThat(round.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.event().id()).isEqualTo(3L);
            assertThat(failure.error()).isEqualTo("refused 3");
        });
    }

    @Test
    void anEmptyBatchSendsNothing() {
        Sidecar sidecar = new Sidecar();

        WaveDispatcher.Round round = new WaveDispatcher(sidecar).dispatch(List.of());

        assertThat(sidecar.waves).isEmpty();
        assertThat(round.delivered()).isEmpty();
    }

    private static PendingEvent event(long id, long taskId) {
        return new PendingEvent(id, UUID.randomUUID(), taskId, "task-events", "updated", "{}", Instant.EPOCH, null);
    }
}
