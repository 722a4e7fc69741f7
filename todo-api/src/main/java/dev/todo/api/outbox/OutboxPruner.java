package dev.todo.api.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes outbox rows that were published longer than {@code todo.outbox.retention} ago; unpublished rows are
 * never touched, whatever their age. Each run deletes in batches of {@code prune-batch-size}, each batch its own
 * short statement, so the relay's inserts and updates never wait long behind it. Every replica may run it: a
 * row deleted twice is deleted once.
 */
@Component
@EnableConfigurationProperties(OutboxRetentionProperties.class)
public class OutboxPruner {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final OutboxRetentionProperties properties;

    public OutboxPruner(JdbcClient jdbc, Clock clock, OutboxRetentionProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${todo.outbox.prune-interval:PT5M}",
            initialDelayString = "${todo.outbox.prune-interval:PT5M}")
    void scheduledRun() {
        try {
            prune();
        } catch (RuntimeException e) {
            // the next run tries again; the outbox only grows a little meanwhile
            log.atWarn().setMessage("outbox prune failed").addKeyValue("event", "outbox_prune_failed")
                    .addKeyValue("error", e.toString()).log();
        }
    }

    /** @return how many rows this run deleted */
    public long prune() {
        Instant cutoff = clock.instant().minus(properties.retention());
        long deleted = 0;
        int batch;
        do {
            batch = deleteBatch(cutoff);
            deleted += batch;
        } while (batch == properties.pruneBatchSize());
        if (deleted > 0) {
            log.atInfo().setMessage("published outbox rows pruned").addKeyValue("event", "outbox_pruned")
                    .addKeyValue("rows", deleted).addKeyValue("published_before", cutoff).log();
        }
        return deleted;
    }

    private int deleteBatch(Instant cutoff) {
        // skip locked: a row another replica's pruner is deleting right now is its work, not a reason to wait
        return jdbc.sql("""
                        delete from outbox_events where id in (
                            select id from outbox_events
                            where published_at is not null and published_at < :cutoff
                            order by published_at limit :limit
                            for update skip locked)
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("limit", properties.pruneBatchSize())
                .update();
    }
}
