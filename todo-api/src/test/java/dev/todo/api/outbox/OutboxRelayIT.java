package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's database mechanics on a real PostgreSQL: NOTIFY wake-up, per-task order under failures, one
 * publishing leader among several relays, and fail-over. Publishing through Dapr is replaced by a recording
 * step here; the end-to-end suite covers the real sidecar and Kafka.
 */
class OutboxRelayIT {

    private static final int MAX_ATTEMPTS = 3;

    private final List<OutboxRelay> relays = new ArrayList<>();
    private OutboxDatabase database;
    private JdbcClient jdbc;

    @BeforeEach
    void migrateFreshDatabase() {
        database = new OutboxDatabase("relay");
        jdbc = database.jdbc;
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::stop);
    }

    @Test
    void wakesOnCommitWithoutPolling() {
        Recorder recorder = new Recorder();
        // a safety poll of an hour: only the NOTIFY at commit can wake the relay within the wait below
        startRelay(recorder, Duration.ofHours(1));
        awaitLeader();

        insertEvents(7L, 3);

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.delivered().size() == 3);
        assertThat(database.unpublished()).isZero();
    }

    @Test
    void rolledBackEventsAreNeverDelivered() {
        Recorder recorder = new Recorder();
        startRelay(recorder, Duration.ofMillis(200));
        awaitLeader();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource));

        tx.executeWithoutResult(status -> {
            insertEvents(1L, 2);
            status.setRollbackOnly();
        });
        insertEvents(2L, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.delivered().size() == 1);
        assertThat(recorder.delivered()).allMatch(event -> event.taskId() == 2L);
        assertThat(jdbc.sql("select count(*) from outbox_events").query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void keepsPerTaskOrderWhenDeliveryFailsAndRetries() {
        Recorder recorder = new Recorder();
        recorder.failFirstAttemptsOf(11L, 2);
        startRelay(recorder, Duration.ofMillis(200));
        awaitLeader();

        for (int round = 0; round < 5; round++) {
            insertEvents(10L, 1);
            insertEvents(11L, 1);
            insertEvents(12L, 1);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.delivered().size() == 15);
        Map<Long, List<Long>> idsByTask = recorder.delivered().stream()
                .collect(Collectors.groupingBy(PendingEvent::taskId,
                        Collectors.mapping(PendingEvent::id, Collectors.toList())));
        idsByTask.values().forEach(ids -> assertThat(ids).isSorted().doesNotHaveDuplicates());
        assertThat(jdbc.sql("select max(attempts) from outbox_events where task_id = 11").query(Integer.class)
                .single()).isGreaterThanOrEqualTo(2);
        assertThat(database.unpublished()).isZero();
    }

    @Test
    void onlyOneOfSeveralRelaysPublishesAndAnotherTakesOverWhenItStops() {
        Recorder recorder = new Recorder();
        OutboxRelay first = startRelay(recorder, Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(first::isLeader);
        OutboxRelay second = startRelay(recorder, Duration.ofMillis(100));
        OutboxRelay third = startRelay(recorder, Duration.ofMillis(100));

        for (long task = 1; task <= 50; task++) {
            insertEvents(task, 2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.delivered().size() == 100);
        assertThat(recorder.delivered()).extracting(PendingEvent::id).doesNotHaveDuplicates();
        assertThat(second.isLeader() || third.isLeader()).isFalse();

        first.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.isLeader() || third.isLeader());
        insertEvents(99L, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.delivered().size() == 103);
        assertThat(recorder.delivered()).extracting(PendingEvent::id).doesNotHaveDuplicates();
        assertThat(database.unpublished()).isZero();
    }

    @Test
    void reportsTheBacklogAndTheAgeOfTheOldestUnpublishedRow() {
        Instant committed = Instant.parse("2026-03-01T10:00:00Z");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxStore store = new OutboxStore(jdbc);
        // no relay: the rows stay unpublished while the gauges are read
        new OutboxMetrics(store, Clock.fixed(committed.plusSeconds(90), ZoneOffset.UTC), meters);
        TimeGauge oldestAge = meters.get("todo.outbox.oldest.pending.age").timeGauge();
        assertThat(oldestAge.value(TimeUnit.SECONDS)).isZero();

        insertEvents(5L, 2);
        jdbc.sql("update outbox_events set created_at = :at where id = (select min(id) from outbox_events)")
                .param("at", Timestamp.from(committed)).update();
        jdbc.sql("update outbox_events set created_at = :at where id = (select max(id) from outbox_events)")
                .param("at", Timestamp.from(committed.plusSeconds(60))).update();

        assertThat(meters.get("todo.outbox.pending").gauge().value()).isEqualTo(2);
        assertThat(oldestAge.value(TimeUnit.SECONDS)).isEqualTo(90);

        store.markPublished(jdbc.sql("select min(id) from outbox_events").query(Long.class).list(), committed);
        assertThat(meters.get("todo.outbox.pending").gauge().value()).isEqualTo(1);
        assertThat(oldestAge.value(TimeUnit.SECONDS)).isEqualTo(30);
    }

    @Test
    void aRowThatKeepsFailingIsParkedWhileLaterEventsOfItsAndOtherTasksGoOn() {
        Recorder recorder = new Recorder();
        startRelay(recorder, Duration.ofMillis(200));
        awaitLeader();
        long poisoned = database.insert(20L, Recorder.REFUSED_TOPIC);
        long sameTaskLater = database.insert(20L, "task-events");

        // other tasks keep committing, so the poisoned row fails while others go through
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            insertEvents(21L, 1);
            return parked().contains(poisoned);
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(recorder).contains(sameTaskLater));
        assertThat(delivered(recorder)).doesNotContain(poisoned);
        assertThat(jdbc.sql("select strikes from outbox_events where id = :id").param("id", poisoned)
                .query(Integer.class).single()).isEqualTo(MAX_ATTEMPTS);
        await().atMost(Duration.ofSeconds(5)).until(() -> database.unpublished() == 1);
    }

    @Test
    void aSidecarOutageParksNothingAndDeliversEverythingInOrderAfterwards() {
        Recorder recorder = new Recorder();
        recorder.failFirstAttemptsOf(30L, 20);
        recorder.failFirstAttemptsOf(31L, 20);
        startRelay(recorder, Duration.ofMillis(200));
        awaitLeader();

        // one commit: every round sees both tasks fail, as in an outage
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource)).executeWithoutResult(status -> {
            insertEvents(30L, 3);
            insertEvents(31L, 3);
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.delivered().size() == 6);
        assertThat(parked()).isEmpty();
        recorder.delivered().stream().collect(Collectors.groupingBy(PendingEvent::taskId,
                        Collectors.mapping(PendingEvent::id, Collectors.toList())))
                .values().forEach(ids -> assertThat(ids).isSorted());
    }

    @Test
    void aReplayedRowIsPublishedAgain() {
        Recorder recorder = new Recorder();
        startRelay(recorder, Duration.ofHours(1));
        awaitLeader();
        long row = database.insert(40L, "task-events");
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(recorder).contains(row));
        jdbc.sql("update outbox_events set published_at = null, parked_at = now() where id = :id").param("id", row)
                .update();

        new OutboxStore(jdbc).unpark(List.of(row));

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(recorder).stream().filter(id -> id == row).count() == 2);
        assertThat(database.unpublished()).isZero();
    }

    @Test
    void reportsParkedRowsInTheirOwnGaugeAndNotAsPending() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxStore store = new OutboxStore(jdbc);
        new OutboxMetrics(store, Clock.systemUTC(), meters);
        long row = database.insert(5L, "task-events");
        database.insert(6L, "task-events");

        store.recordFailure(row, "refused", true, 1, Instant.now());

        assertThat(meters.get("todo.outbox.parked").gauge().value()).isEqualTo(1);
        assertThat(meters.get("todo.outbox.pending").gauge().value()).isEqualTo(1);
    }

    @Test
    void timesEachWaveAndHowLongEveryRowWaitedToBeReadAndPublished() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Recorder recorder = new Recorder();
        startRelay(recorder, Duration.ofHours(1), meters);
        awaitLeader();

        // one commit, one batch: task 50's three rows need three waves, task 51's two ride in the first two
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource)).executeWithoutResult(status -> {
            insertEvents(50L, 3);
            insertEvents(51L, 2);
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.delivered().size() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("todo.outbox.publish.lag").timer().count() == 5);
        DistributionSummary waveSize = meters.get("todo.outbox.wave.size").summary();
        assertThat(waveSize.count()).isEqualTo(3);
        assertThat(waveSize.totalAmount()).isEqualTo(5);
        assertThat(waveSize.max()).isEqualTo(2);
        assertThat(meters.get("todo.outbox.wave.publish").timer().count()).isEqualTo(3);
        Timer pickup = meters.get("todo.outbox.pickup.lag").timer();
        assertThat(pickup.count()).isEqualTo(5);
        // a row is read before it is published
        assertThat(pickup.totalTime(TimeUnit.NANOSECONDS))
                .isLessThanOrEqualTo(meters.get("todo.outbox.publish.lag").timer().totalTime(TimeUnit.NANOSECONDS));
    }

    private List<Long> parked() {
        return jdbc.sql("select id from outbox_events where parked_at is not null").query(Long.class).list();
    }

    private static List<Long> delivered(Recorder recorder) {
        return recorder.delivered().stream().map(PendingEvent::id).toList();
    }

    private static OutboxRelayProperties relayTuning(Duration safetyPoll) {
        return new OutboxRelayProperties(true, 500, safetyPoll, Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private OutboxRelay startRelay(OutboxPublisher publisher, Duration safetyPoll) {
        return startRelay(publisher, safetyPoll, new SimpleMeterRegistry());
    }

    private OutboxRelay startRelay(OutboxPublisher publisher, Duration safetyPoll, SimpleMeterRegistry meters) {
        OutboxStore store = new OutboxStore(jdbc);
        OutboxParking parking = new OutboxParking(store, Clock.systemUTC(), new OutboxParkingProperties(MAX_ATTEMPTS));
        OutboxRelay relay = new OutboxRelay(database.properties, store, publisher, parking,
                new OutboxMetrics(store, Clock.systemUTC(), meters), Clock.systemUTC(), relayTuning(safetyPoll));
        relay.start();
        relays.add(relay);
        return relay;
    }

    private void awaitLeader() {
        await().atMost(Duration.ofSeconds(5)).until(() -> relays.stream().anyMatch(OutboxRelay::isLeader));
    }

    private void insertEvents(long taskId, int count) {
        for (int i = 0; i < count; i++) {
            database.insert(taskId, "task-events");
        }
    }

    /** Records deliveries; can fail the first attempts of one task to exercise retries. */
    private static final class Recorder implements OutboxPublisher {

        /** A topic the sidecar refuses to publish to, whatever is retried: a poisoned row. */
        static final String REFUSED_TOPIC = "not-allowed";

        private final List<PendingEvent> delivered = Collections.synchronizedList(new ArrayList<>());
        private final Map<Long, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

        void failFirstAttemptsOf(long taskId, int attempts) {
            failuresLeft.put(taskId, new AtomicInteger(attempts));
        }

        List<PendingEvent> delivered() {
            synchronized (delivered) {
                return List.copyOf(delivered);
            }
        }

        @Override
        public Map<Long, String> publish(List<PendingEvent> wave) {
            Map<Long, String> failed = new HashMap<>();
            for (PendingEvent event : wave) {
                AtomicInteger left = failuresLeft.get(event.taskId());
                if (REFUSED_TOPIC.equals(event.topic())) {
                    failed.put(event.id(), "403: topic not allowed (simulated)");
                } else if (left != null && left.getAndDecrement() > 0) {
                    failed.put(event.id(), "sidecar unavailable (simulated)");
                } else {
                    delivered.add(event);
                }
            }
            return failed;
        }
    }
}
