package dev.todo.api.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long published outbox rows are kept ({@code todo.outbox.retention}) and how the pruner deletes them.
 * The retention must stay longer than any redelivery window that looks an event up in the outbox by id
 * (a reminder job fired twice, see ReminderFiring): a week is far beyond Dapr's job retries.
 */
@ConfigurationProperties("todo.outbox")
public record OutboxRetentionProperties(Duration retention, Integer pruneBatchSize, Duration pruneInterval) {

    public OutboxRetentionProperties {
        retention = retention == null ? Duration.ofDays(7) : retention;
        // one delete statement removes at most this many rows, so it holds its row locks only briefly
        pruneBatchSize = pruneBatchSize == null ? 1000 : pruneBatchSize;
        pruneInterval = pruneInterval == null ? Duration.ofMinutes(5) : pruneInterval;
        if (retention.isNegative() || pruneBatchSize < 1 || pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("todo.outbox.retention must not be negative, "
                    + "todo.outbox.prune-batch-size and todo.outbox.prune-interval must be positive");
        }
    }
}
