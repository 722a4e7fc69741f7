package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.common.test.SharedPostgres;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's database mechanics on a real PostgreSQL: NOTIFY wake-up, per-task order under failures, one
 * publishing leader among several relays, and fail-over. Publishing through Dapr is replaced by a recording
 * step here; the end-to-end suite covers the real sidecar and Kafka.
 */
class OutboxRelayIT {

    private final List<OutboxRelay> relays = new ArrayList<>();
    private PGSimpleDataSource dataSource;
    private DataSourceProperties properties;
    private JdbcClient jdbc;

    @BeforeEach
    void migrateFreshDatabase() {
        String database = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = SharedPostgres.jdbcUrl(database);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(SharedPostgres.username());
        dataSource.setPassword(SharedPostgres.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        properties = new DataSourceProperties();
        properties.setUrl(url);
        properties.setUsername(SharedPostgres.username());
        properties.setPassword(SharedPostgres.password());
        jdbc = JdbcClient.create(dataSource);
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
        assertThat(unpublished()).isZero();
    }

    @Test
    void rolledBackEventsAreNeverDelivered() {
        Recorder recorder = new Recorder();
        startRelay(recorder, Duration.ofMillis(200));
        awaitLeader();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

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
        assertThat(unpublished()).isZero();
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
        assertThat(unpublished()).isZero();
    }

    @Test
    void reportsTheBacklogAndTheAgeOfTheOldestUnpublishedRow() {
        Instant committed = Instant.parse("2026-03-01T10:00:00Z");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxStore store = new OutboxStore(jdbc);
        // not started: the rows stay unpublished while the gauges are read
        new OutboxRelay(properties, store, List.of(new Recorder()),
                Clock.fixed(committed.plusSeconds(90), ZoneOffset.UTC), relayTuning(Duration.ofHours(1)), meters);
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

    private static OutboxRelayProperties relayTuning(Duration safetyPoll) {
        return new OutboxRelayProperties(true, 500, 4, safetyPoll, Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private OutboxRelay startRelay(DeliveryStep step, Duration safetyPoll) {
        OutboxRelay relay = new OutboxRelay(properties, new OutboxStore(jdbc), List.of(step), Clock.systemUTC(),
                relayTuning(safetyPoll), new SimpleMeterRegistry());
        relay.start();
        relays.add(relay);
        return relay;
    }

    private void awaitLeader() {
        await().atMost(Duration.ofSeconds(5)).until(() -> relays.stream().anyMatch(OutboxRelay::isLeader));
    }

    private void insertEvents(long taskId, int count) {
        for (int i = 0; i < count; i++) {
            jdbc.sql("""
                            insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload)
                            values (:eventId, :taskId, 'u1', 'task-events', 'updated', '{}'::jsonb)
                            """)
                    .param("eventId", UUID.randomUUID())
                    .param("taskId", taskId)
                    .update();
        }
    }

    private long unpublished() {
        return jdbc.sql("select count(*) from outbox_events where published_at is null").query(Long.class).single();
    }

    /** Records deliveries; can fail the first attempts of one task to exercise retries. */
    private static final class Recorder implements DeliveryStep {

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
        public void deliver(PendingEvent event) {
            AtomicInteger left = failuresLeft.get(event.taskId());
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("sidecar unavailable (simulated)");
            }
            delivered.add(event);
        }
    }
}
