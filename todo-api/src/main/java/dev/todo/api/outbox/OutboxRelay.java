package dev.todo.api.outbox;

import dev.todo.common.lifecycle.BackgroundWorker;
import dev.todo.common.postgres.PgConnector;
import dev.todo.common.postgres.PgNotificationListener;
import dev.todo.common.postgres.PgNotificationListener.Wake;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Publishes the outbox at least once, in per-task order, promptly after commit.
 *
 * <p>Every replica runs a relay; only the {@link LeaderLock} holder publishes, so two replicas never publish the
 * same rows in the normal case. An insert trigger NOTIFYs {@code outbox_events} at commit and the relay's
 * {@link PgNotificationListener} hears it, so it wakes within milliseconds of any replica's commit instead of
 * polling. Each round reads a batch in id order and hands it to the {@link WaveDispatcher}; what failed is
 * recorded (and a row that keeps failing on its own is parked) by {@link OutboxParking}. A round that delivers
 * nothing backs off exponentially; rows stay unpublished until delivered.
 */
@Component
@EnableConfigurationProperties(OutboxRelayProperties.class)
public class OutboxRelay extends BackgroundWorker {

    static final String CHANNEL = "outbox_events";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Longest single wait on the listener, so a stop is noticed within it. */
    private static final Duration WAIT_SLICE = Duration.ofSeconds(1);

    private final PgConnector connector;
    private final OutboxStore store;
    private final OutboxPublisher publisher;
    private final OutboxParking parking;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private final OutboxRelayProperties properties;
    private volatile LeaderLock leadership;

    public OutboxRelay(DataSourceProperties database, OutboxStore store, OutboxPublisher publisher,
            OutboxParking parking, OutboxMetrics metrics, Clock clock, OutboxRelayProperties properties) {
        super("outbox-relay", Duration.ofSeconds(10));
        this.connector = PgConnector.of(database.determineUrl(), database.determineUsername(),
                database.determinePassword());
        this.store = store;
        this.publisher = publisher;
        this.parking = parking;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
        metrics.watchLeadership(this::isLeader);
    }

    public boolean isLeader() {
        LeaderLock lock = leadership;
        return lock != null && lock.isHeld();
    }

    @Override
    protected boolean enabled() {
        return properties.enabled();
    }

    @Override
    protected void beforeStart() {
        leadership = new LeaderLock(connector);
    }

    @Override
    protected void work() {
        LeaderLock lock = leadership;
        try (PgNotificationListener listener = new PgNotificationListener(connector, CHANNEL,
                        properties.initialBackoff());
                lock) {
            WaveDispatcher dispatcher = new WaveDispatcher(metrics.timed(publisher));
            BackOffExecution backOff = null;
            while (isRunning()) {
                try {
                    if (lock.hold()) {
                        Drain drain = drainOnce(dispatcher);
                        if (drain.stalled()) {
                            backOff = backOff == null ? properties.backOff().start() : backOff;
                            // notifications during the back-off are swallowed: an outage must not turn every
                            // commit into a failed publish attempt
                            waitOut(listener, Duration.ofMillis(backOff.nextBackOff()));
                            continue;
                        }
                        backOff = null;
                        if (drain.moreWaiting()) {
                            continue;
                        }
                    }
                    awaitWork(listener, properties.safetyPoll());
                } catch (SQLException | RuntimeException e) {
                    if (!isRunning()) {
                        break;
                    }
                    backOff = backOff == null ? properties.backOff().start() : backOff;
                    long retryIn = backOff.nextBackOff();
                    log.atWarn().setMessage("outbox relay failed, retrying").addKeyValue("event", "outbox_relay_error")
                            .addKeyValue("leader", lock.isHeld()).addKeyValue("retry_in_ms", retryIn)
                            .addKeyValue("error", e.toString()).log();
                    lock.close();
                    waitOut(listener, Duration.ofMillis(retryIn));
                }
            }
        }
    }

    private Drain drainOnce(WaveDispatcher dispatcher) {
        List<PendingEvent> batch = store.nextBatch(properties.batchSize());
        if (batch.isEmpty()) {
            return new Drain(false, false);
        }
        metrics.pickedUp(batch, clock.instant());
        WaveDispatcher.Round round = dispatcher.dispatch(batch);
        Instant now = clock.instant();
        store.markPublished(round.delivered().stream().map(PendingEvent::id).toList(), now);
        metrics.published(round.delivered(), now);
        parking.record(round);
        boolean failed = !round.failures().isEmpty();
        return new Drain(batch.size() == properties.batchSize() || failed, failed && round.delivered().isEmpty());
    }

    /** Until a NOTIFY (or a new session, which may have missed one) or the timeout, whichever is first. */
    private void awaitWork(PgNotificationListener listener, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0 && isRunning()) {
            Wake.Kind woke = listener.await(slice(remaining)).kind();
            if (woke == Wake.Kind.NOTIFIED || woke == Wake.Kind.CONNECTED) {
                return;
            }
        }
    }

    /** The whole timeout, whatever is notified meanwhile. */
    private void waitOut(PgNotificationListener listener, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0 && isRunning()) {
            listener.await(slice(remaining));
        }
    }

    private static Duration slice(long remainingNanos) {
        return Duration.ofNanos(Math.min(remainingNanos, WAIT_SLICE.toNanos()));
    }

    private record Drain(boolean moreWaiting, boolean stalled) {
    }
}
