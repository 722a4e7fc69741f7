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
        // A batch is in todo-api's heap for the whole round (payloads, their copies in the publish requests, the
        // spans): ~6 KB a row. 500 rows outgrew the young generation's survivor space whenever a collection came
        // mid-round, so the round went to the old generation, and under a backlog that took peak RSS ~30 MB higher;
        // 200 rows fit, and a round still shares one bulk call among 200 events; the price is a relay a little
        // slower to catch up while the cores are full (bench/results, tenth session).
        batchSize = batchSize == null ? 200 : batchSize;
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
