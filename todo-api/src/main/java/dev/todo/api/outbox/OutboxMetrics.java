package dev.todo.api.outbox;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/** The outbox's meters ({@code todo.outbox.*}); the gauges read the table, so every replica reports the same. */
@Component
public class OutboxMetrics {

    private final MeterRegistry meters;
    private final Timer publishLag;
    private final Timer pickupLag;
    private final Timer wavePublish;
    private final DistributionSummary waveSize;

    public OutboxMetrics(OutboxStore store, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.publishLag = latency("todo.outbox.publish.lag",
                "Time from an event's commit to its publication through Dapr", meters);
        // publish.lag = pickup.lag + the waves before and during the row's own: which of the two holds a slow
        // event up (the relay's wake-up or daprd/Kafka) is what an operator asks first
        this.pickupLag = latency("todo.outbox.pickup.lag",
                "Time from an event's commit to the relay reading it (wake-up and queueing)", meters);
        this.wavePublish = latency("todo.outbox.wave.publish",
                "One wave's bulk publish through Dapr, until the sidecar acknowledged it", meters);
        this.waveSize = DistributionSummary.builder("todo.outbox.wave.size")
                .description("Outbox rows per wave (at most one per task)")
                .baseUnit("events")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder("todo.outbox.pending", store, OutboxStore::pendingCount)
                .description("Outbox rows not yet published (parked rows not counted)")
                .register(meters);
        TimeGauge.builder("todo.outbox.oldest.pending.age", store, TimeUnit.MILLISECONDS,
                        s -> s.oldestPendingCreatedAt()
                                .map(at -> (double) Math.max(0, Duration.between(at, clock.instant()).toMillis()))
                                .orElse(0.0))
                .description("Age of the oldest unpublished outbox row (0 when none): how far publishing lags")
                .register(meters);
        Gauge.builder("todo.outbox.parked", store, OutboxStore::parkedCount)
                .description("Outbox rows parked after failing max-attempts times; they wait for a replay")
                .register(meters);
    }

    void watchLeadership(BooleanSupplier leader) {
        Gauge.builder("todo.outbox.leader", leader, l -> l.getAsBoolean() ? 1 : 0)
                // the supplier is a method reference nothing else holds
                .strongReference(true)
                .description("1 when this replica's relay holds the publishing lock")
                .register(meters);
    }

    /** A timer with p50/p99 and histogram buckets, so a tail shows and can be aggregated across replicas. */
    private static Timer latency(String name, String description, MeterRegistry meters) {
        return Timer.builder(name).description(description).publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .register(meters);
    }

    /** {@code publisher} with each wave's size and publish time recorded. */
    OutboxPublisher timed(OutboxPublisher publisher) {
        return wave -> {
            waveSize.record(wave.size());
            return wavePublish.record(() -> publisher.publish(wave));
        };
    }

    void pickedUp(List<PendingEvent> batch, Instant at) {
        for (PendingEvent event : batch) {
            pickupLag.record(Duration.between(event.createdAt(), at));
        }
    }

    void published(List<PendingEvent> delivered, Instant at) {
        for (PendingEvent event : delivered) {
            publishLag.record(Duration.between(event.createdAt(), at));
        }
    }
}
