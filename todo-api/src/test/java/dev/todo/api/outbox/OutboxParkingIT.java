package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.postgres.PgNotificationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parking and replay on a real PostgreSQL: which failures count, what parks a row, what a replay puts back. */
class OutboxParkingIT {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final int MAX_ATTEMPTS = 3;

    private OutboxDatabase database;
    private OutboxStore store;
    private OutboxParking parking;

    @BeforeEach
    void freshDatabase() {
        database = new OutboxDatabase("parking");
        store = new OutboxStore(database.jdbc);
        parking = new OutboxParking(store, Clock.fixed(NOW, ZoneOffset.UTC), new OutboxParkingProperties(MAX_ATTEMPTS));
    }

    @Test
    void aRowFailingWhileOthersAreDeliveredIsParkedAtMaxAttempts() {
        long poisoned = database.insert(1, "task-events");
        PendingEvent other = pending(database.insert(2, "task-events"), 2);

        for (int round = 1; round < MAX_ATTEMPTS; round++) {
            assertThat(parking.record(failedWhileDelivering(poisoned, other))).isZero();
        }
        assertThat(parking.record(failedWhileDelivering(poisoned, other))).isEqualTo(1);

        assertThat(database.jdbc.sql("select parked_at from outbox_events where id = :id").param("id", poisoned)
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(NOW);
        assertThat(store.parkedCount()).isEqualTo(1);
    }

    @Test
    void failuresOfARoundThatDeliveredNothingAreAnOutageAndNeverPark() {
        long row = database.insert(1, "task-events");

        for (int round = 0; round < MAX_ATTEMPTS * 3; round++) {
            parking.record(new WaveDispatcher.Round(List.of(),
                    List.of(new WaveDispatcher.Failure(pending(row, 1), "sidecar unavailable"))));
        }

        assertThat(store.parkedCount()).isZero();
        assertThat(database.jdbc.sql("select attempts from outbox_events where id = :id").param("id", row)
                .query(Integer.class).single()).isEqualTo(MAX_ATTEMPTS * 3);
    }

    @Test
    void aParkedRowLeavesTheQueueAndItsTasksLaterRowsComeNext() {
        long poisoned = database.insert(1, "task-events");
        long later = database.insert(1, "task-events");
        park(poisoned);

        assertThat(store.nextBatch(10)).extracting(PendingEvent::id).containsExactly(later);
        assertThat(store.pendingCount()).isEqualTo(1);
    }

    @Test
    void aReplayOfChosenRowsPutsOnlyThoseBackWithNoStrikes() {
        long first = database.insert(1, "task-events");
        long second = database.insert(2, "task-events");
        park(first);
        park(second);

        assertThat(store.unpark(List.of(first))).isEqualTo(1);

        assertThat(store.nextBatch(10)).extracting(PendingEvent::id).containsExactly(first);
        assertThat(store.parked(10)).extracting(ParkedEvent::id).containsExactly(second);
        assertThat(database.jdbc.sql("select strikes from outbox_events where id = :id").param("id", first)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aReplayWithoutIdsPutsEveryParkedRowBack() {
        park(database.insert(1, "task-events"));
        park(database.insert(2, "reminders"));

        assertThat(store.unpark(List.of())).isEqualTo(2);

        assertThat(store.parkedCount()).isZero();
        assertThat(store.nextBatch(10)).hasSize(2);
    }

    @Test
    void aReplayWakesTheRelay() {
        park(database.insert(1, "task-events"));
        try (PgNotificationListener listener = new PgNotificationListener(database.connector(), OutboxRelay.CHANNEL,
                Duration.ofMillis(50))) {
            listener.await(Duration.ofSeconds(1));

            store.unpark(List.of());

            assertThat(listener.await(Duration.ofSeconds(5)).kind())
                    .isEqualTo(PgNotificationListener.Wake.Kind.NOTIFIED);
        }
    }

    private void park(long id) {
        assertThat(store.recordFailure(id, "refused", true, 1, NOW)).isTrue();
    }

    private WaveDispatcher.Round failedWhileDelivering(long failedId, PendingEvent delivered) {
        return new WaveDispatcher.Round(List.of(delivered),
                List.of(new WaveDispatcher.Failure(pending(failedId, 1), "403 topic not allowed")));
    }

    private static PendingEvent pending(long id, long taskId) {
        return new PendingEvent(id, UUID.randomUUID(), taskId, "task-events", "updated", "{}", NOW, null);
    }
}
