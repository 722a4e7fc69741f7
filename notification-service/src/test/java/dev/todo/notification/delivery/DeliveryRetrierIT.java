package dev.todo.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The retrier on the real database: it takes over deliveries nobody finished and leaves the rest alone. */
@NotificationIT
class DeliveryRetrierIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDeliveryWhoseReplicaDiedIsDeliveredOnceItsLeaseRunsOut() {
        long expiredClaim = insert("pending", 0, Instant.now().minusSeconds(1));
        long stillClaimed = insert("pending", 0, Instant.now().plusSeconds(3600));
        long givenUp = insert("failed", 8, null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(state(expiredClaim)).containsExactly("sent", "1"));
        assertThat(state(stillClaimed)).containsExactly("pending", "0");
        assertThat(state(givenUp)).containsExactly("failed", "8");
    }

    private long insert(String status, int attempts, Instant nextAttemptAt) {
        Instant now = Instant.now();
        return jdbc.sql("""
                        insert into notifications (user_id, task_id, event_id, title, due_at, remind_at, channel,
                                                   status, attempts, next_attempt_at, created_at)
                        values (:user_id, :task_id, :event_id, 'Left behind', :due_at, :remind_at, 'log',
                                :status, :attempts, :next_attempt_at, :now)
                        returning id""")
                .param("user_id", Reminders.newUserId()).param("task_id", Reminders.newTaskId())
                .param("event_id", UUID.randomUUID()).param("due_at", Timestamp.from(now.plusSeconds(900)))
                .param("remind_at", Timestamp.from(now)).param("status", status).param("attempts", attempts)
                .param("next_attempt_at", nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt))
                .param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    private List<String> state(long id) {
        return jdbc.sql("select status, attempts from notifications where id = :id").param("id", id)
                .query((rs, n) -> List.of(rs.getString(1), Integer.toString(rs.getInt(2)))).single();
    }
}
