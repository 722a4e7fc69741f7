package dev.todo.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.backoff.ExponentialBackOff;

/** Tuning of the outbox relay; defaults suit one PostgreSQL and one sidecar per replica. */
@ConfigurationProperties("todo.outbox.relay")
public record OutboxRelayProperties(
        Boolean enabled,
        Integer batchSize,
        Duration safetyPoll,
        Duration initialBackoff,
        Duration maxBackoff) {

    public OutboxRelayProperties {
        enabled = enabled == null || enabled;
        batchSize = batchSize == null ? 500 : batchSize;
        // NOTIFY wakes the relay at commit; this only bounds the wait if a notification were ever missed
        safetyPoll = safetyPoll == null ? Duration.ofSeconds(1) : safetyPoll;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(100) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    }

    /**
     * The wait after a round that delivered nothing (or failed): doubling from initialBackoff up to maxBackoff,
     * for as long as the outage lasts (rows are never given up on; parking is for a row's own failures).
     */
    ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(initialBackoff.toMillis(), 2.0);
        backOff.setMaxInterval(maxBackoff.toMillis());
        return backOff;
    }
}
