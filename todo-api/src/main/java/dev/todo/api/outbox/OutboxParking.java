package dev.todo.api.outbox;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Records a round's failures and parks a row that keeps failing on its own, so one bad row never holds its task's
 * later events back for good. A failure is the row's own (a strike) only when other rows of the same round were
 * delivered: then the sidecar and the broker worked. When nothing went through, it is an outage (sidecar down,
 * broker down), no row is to blame and none is parked, so an outage only delays events and keeps their order.
 */
@Component
@EnableConfigurationProperties(OutboxParkingProperties.class)
public class OutboxParking {

    private static final Logger log = LoggerFactory.getLogger(OutboxParking.class);

    private final OutboxStore store;
    private final Clock clock;
    private final OutboxParkingProperties properties;

    public OutboxParking(OutboxStore store, Clock clock, OutboxParkingProperties properties) {
        this.store = store;
        this.clock = clock;
        this.properties = properties;
    }

    /** @return how many rows this round parked */
    int record(WaveDispatcher.Round round) {
        boolean strike = !round.delivered().isEmpty();
        Instant now = clock.instant();
        int parked = 0;
        for (WaveDispatcher.Failure failure : round.failures()) {
            PendingEvent event = failure.event();
            if (store.recordFailure(event.id(), failure.error(), strike, properties.maxAttempts(), now)) {
                parked++;
                log.atError().setMessage("outbox event parked: it kept failing while others were published; "
                                + "its task's later events go on, replay it with POST /internal/outbox/parked/replay")
                        .addKeyValue("event", "outbox_parked").addKeyValue("task_id", event.taskId())
                        .addKeyValue("event_id", event.eventId()).addKeyValue("event_type", event.eventType())
                        .addKeyValue("outbox_id", event.id()).addKeyValue("topic", event.topic())
                        .addKeyValue("max_attempts", properties.maxAttempts()).addKeyValue("error", failure.error())
                        .log();
            }
        }
        return parked;
    }
}
