package dev.todo.api.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.sql.DriverManager;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the outbox at least once, in per-task order, promptly after commit.
 *
 * <p>Every replica runs a relay, but only the holder of a PostgreSQL session advisory lock publishes, so two
 * replicas never publish the same rows in the normal case; when the leader's connection dies the lock is
 * released and another replica takes over. An insert trigger NOTIFYs {@code outbox_events} at commit and
 * the relay LISTENs on the same connection, so it wakes within milliseconds of any replica's commit
 * instead of polling. Failures back off exponentially; rows stay unpublished until delivered.
 *
 * <p>The lock and the LISTEN live on a connection of the relay's own, outside the pool: a pooled connection
 * would carry both into its next borrower, and the lock would outlive a relay that lost its session.
 */
@Component
@EnableConfigurationProperties(OutboxRelayProperties.class)
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock key shared by every todo-api replica ("todo-out" in ASCII). */
    static final long LEADER_LOCK_KEY = 0x746f646f2d6f7574L;
    static final String CHANNEL = "outbox_events";

    private final DataSourceProperties database;
    private final OutboxStore store;
    private final List<DeliveryStep> steps;
    private final Clock clock;
    private final OutboxRelayProperties properties;
    private final Timer publishLag;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Scheduler lanes;
    private volatile boolean leader;
    private Thread worker;
    private Connection connection;

    public OutboxRelay(DataSourceProperties database, OutboxStore store, List<DeliveryStep> steps, Clock clock,
            OutboxRelayProperties properties, MeterRegistry meters) {
        this.database = database;
        this.store = store;
        this.steps = steps;
        this.clock = clock;
        this.properties = properties;
        this.lanes = Schedulers.newBoundedElastic(properties.lanes(), Integer.MAX_VALUE, "outbox-lane");
        this.publishLag = Timer.builder("todo.outbox.publish.lag")
                .description("Time from an event's commit to its publication through Dapr")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("todo.outbox.pending", store, OutboxStore::pendingCount)
                .description("Outbox rows not yet published")
                .register(meters);
        TimeGauge.builder("todo.outbox.oldest.pending.age", store, TimeUnit.MILLISECONDS,
                        s -> s.oldestPendingCreatedAt()
                                .map(at -> (double) Math.max(0, Duration.between(at, clock.instant()).toMillis()))
                                .orElse(0.0))
                .description("Age of the oldest unpublished outbox row (0 when none): how far publishing lags")
                .register(meters);
        Gauge.builder("todo.outbox.leader", this, relay -> relay.leader ? 1 : 0)
                .description("1 when this replica's relay holds the publishing lock")
                .register(meters);
    }

    public boolean isLeader() {
        return leader;
    }

    @Override
    public void start() {
        if (!properties.enabled() || !running.compareAndSet(false, true)) {
            return;
        }
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        lanes.dispose();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Start after the web server and JPA are up, stop before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (running.get()) {
            try {
                ensureConnection();
                if (!leader) {
                    leader = tryLeadership();
                }
                if (leader) {
                    Drain drain = drainOnce();
                    backoff = drain.stalled() ? nextBackoff(backoff) : Duration.ZERO;
                    if (drain.moreWaiting() && backoff.isZero()) {
                        continue;
                    }
                }
                waitForWork(backoff.isZero() ? properties.safetyPoll() : backoff, !backoff.isZero());
            } catch (SQLException | RuntimeException e) {
                if (!running.get()) {
                    break;
                }
                backoff = nextBackoff(backoff);
                log.atWarn().setMessage("outbox relay failed, retrying").addKeyValue("event", "outbox_relay_error")
                        .addKeyValue("leader", leader).addKeyValue("retry_in_ms", backoff.toMillis())
                        .addKeyValue("error", e.toString()).log();
                closeConnection();
                pause(backoff);
            }
        }
    }

    private Drain drainOnce() {
        List<PendingEvent> batch = store.nextBatch(properties.batchSize());
        if (batch.isEmpty()) {
            return new Drain(false, false);
        }
        Map<Long, List<PendingEvent>> byTask = new LinkedHashMap<>();
        for (PendingEvent event : batch) {
            byTask.computeIfAbsent(event.taskId(), id -> new ArrayList<>()).add(event);
        }
        List<PendingEvent> delivered = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean failed = new AtomicBoolean();
        Flux.fromIterable(byTask.values())
                .flatMap(events -> Mono.fromRunnable(() -> deliverInOrder(events, delivered, failed))
                        .subscribeOn(lanes), properties.lanes())
                .blockLast();
        Instant now = clock.instant();
        store.markPublished(delivered.stream().map(PendingEvent::id).toList(), now);
        for (PendingEvent event : delivered) {
            publishLag.record(Duration.between(event.createdAt(), now));
        }
        boolean stalled = failed.get() && delivered.isEmpty();
        return new Drain(batch.size() == properties.batchSize() || failed.get(), stalled);
    }

    /** One task's rows, oldest first; the first failure stops the task so its events never overtake. */
    private void deliverInOrder(List<PendingEvent> events, List<PendingEvent> delivered, AtomicBoolean failed) {
        for (PendingEvent event : events) {
            try {
                for (DeliveryStep step : steps) {
                    step.deliver(event);
                }
                delivered.add(event);
                log.atDebug().setMessage("outbox event published").addKeyValue("event", "outbox_published")
                        .addKeyValue("task_id", event.taskId()).addKeyValue("event_id", event.eventId())
                        .addKeyValue("event_type", event.eventType()).addKeyValue("topic", event.topic()).log();
            } catch (RuntimeException e) {
                failed.set(true);
                log.atWarn().setMessage("outbox event not published").addKeyValue("event", "outbox_delivery_failed")
                        .addKeyValue("task_id", event.taskId()).addKeyValue("event_id", event.eventId())
                        .addKeyValue("event_type", event.eventType()).addKeyValue("error", rootMessage(e)).log();
                store.recordFailure(event.id(), rootMessage(e));
                return;
            }
        }
    }

    private void ensureConnection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return;
        }
        connection = DriverManager.getConnection(database.determineUrl(), database.determineUsername(),
                database.determinePassword());
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
    }

    private boolean tryLeadership() throws SQLException {
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("select pg_try_advisory_lock(" + LEADER_LOCK_KEY + ")")) {
            result.next();
            boolean acquired = result.getBoolean(1);
            if (acquired) {
                log.atInfo().setMessage("outbox relay is the leader").addKeyValue("event", "outbox_relay_leader")
                        .addKeyValue("acquired", true).log();
            }
            return acquired;
        }
    }

    /**
     * Blocks until a NOTIFY arrives or {@code timeout} passes. During a back-off the notifications are drained
     * but the wait is kept, so a sidecar outage does not turn every commit into a failed publish attempt.
     */
    private void waitForWork(Duration timeout, boolean fullWait) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0 && running.get()) {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000));
            var notifications = pg.getNotifications(millis);
            if (notifications != null && notifications.length > 0 && !fullWait) {
                return;
            }
        }
    }

    private Duration nextBackoff(Duration current) {
        if (current.isZero()) {
            return properties.initialBackoff();
        }
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : doubled;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConnection() {
        leader = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.atDebug().setMessage("outbox relay connection did not close cleanly")
                        .addKeyValue("event", "outbox_relay_close").addKeyValue("error", e.toString()).log();
            }
            connection = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private record Drain(boolean moreWaiting, boolean stalled) {
    }
}
