package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leader election on a real PostgreSQL: one holder at a time, hand-over on close and on a killed session. */
class LeaderLockIT {

    private OutboxDatabase database;
    private LeaderLock first;
    private LeaderLock second;

    @BeforeEach
    void locks() {
        database = new OutboxDatabase("leader");
        first = new LeaderLock(database.connector());
        second = new LeaderLock(database.connector());
    }

    @AfterEach
    void release() {
        first.close();
        second.close();
    }

    @Test
    void onlyOneOfTwoHoldsTheLock() throws Exception {
        assertThat(first.hold()).isTrue();
        assertThat(second.hold()).isFalse();
        assertThat(first.hold()).isTrue();
        assertThat(first.isHeld()).isTrue();
        assertThat(second.isHeld()).isFalse();
    }

    @Test
    void anotherTakesTheLockOnceTheHolderClosesItsSession() throws Exception {
        first.hold();
        first.close();

        assertThat(first.isHeld()).isFalse();
        assertThat(second.hold()).isTrue();
    }

    @Test
    void aHolderWhoseSessionWasKilledNoticesItAndAnotherLeads() throws Exception {
        first.hold();
        database.jdbc.sql("select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'")
                .query().listOfRows();

        // the killed backend releases its locks as it exits, a moment after the kill
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(second::hold);
        assertThat(first.hold()).isFalse();
    }
}
