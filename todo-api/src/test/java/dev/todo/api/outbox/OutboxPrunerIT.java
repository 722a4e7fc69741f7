package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.api.support.FreshDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The pruner on a real PostgreSQL: which outbox rows it deletes, with a pinned clock. */
class OutboxPrunerIT {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);

    private JdbcClient jdbc;

    @BeforeEach
    void migrateFreshDatabase() {
        jdbc = JdbcClient.create(FreshDatabase.migrated("pruner"));
    }

    @Test
    void deletesOnlyPublishedRowsOlderThanTheRetention() {
        Instant old = NOW.minus(RETENTION).minusSeconds(1);
        Instant recent = NOW.minus(RETENTION).plusSeconds(1);
        long publishedLongAgo = insert(old, old);
        long publishedRecently = insert(old, recent);
        long neverPublished = insert(old.minus(Duration.ofDays(30)), null);

        long deleted = pruner(100).prune();

        assertThat(deleted).isEqualTo(1);
        assertThat(remainingIds()).containsExactly(publishedRecently, neverPublished)
                .doesNotContain(publishedLongAgo);
    }

    @Test
    void deletesEveryExpiredRowInBatchesOfTheConfiguredSize() {
        Instant old = NOW.minus(Duration.ofDays(8));
        for (int i = 0; i < 5; i++) {
            insert(old, old);
        }
        long kept = insert(NOW, NOW);

        long deleted = pruner(2).prune();

        assertThat(deleted).isEqualTo(5);
        assertThat(remainingIds()).containsExactly(kept);
    }

    @Test
    void keepsParkedRowsWhateverTheirAge() {
        Instant old = NOW.minus(Duration.ofDays(30));
        long parked = insert(old, null);
        jdbc.sql("update outbox_events set parked_at = :at where id = :id")
                .param("at", Timestamp.from(old)).param("id", parked).update();

        assertThat(pruner(100).prune()).isZero();
        assertThat(remainingIds()).containsExactly(parked);
    }

    private OutboxPruner pruner(int batchSize) {
        return new OutboxPruner(jdbc, Clock.fixed(NOW, ZoneOffset.UTC),
                new OutboxRetentionProperties(RETENTION, batchSize, Duration.ofMinutes(5)));
    }

    private long insert(Instant createdAt, Instant publishedAt) {
        return jdbc.sql("""
                        insert into outbox_events (event_id, task_id, user_id, topic, event_type, payload, created_at,
                                                   published_at)
                        values (:eventId, 1, 'u1', 'task-events', 'updated', '{}'::jsonb, :createdAt, :publishedAt)
                        returning id
                        """)
                .param("eventId", UUID.randomUUID())
                .param("createdAt", Timestamp.from(createdAt))
                .param("publishedAt", publishedAt == null ? null : Timestamp.from(publishedAt), java.sql.Types.TIMESTAMP)
                .query(Long.class)
                .single();
    }

    private java.util.List<Long> remainingIds() {
        return jdbc.sql("select id from outbox_events order by id").query(Long.class).list();
    }
}
