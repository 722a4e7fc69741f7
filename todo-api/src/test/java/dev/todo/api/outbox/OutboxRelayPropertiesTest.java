package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class OutboxRelayPropertiesTest {

    @Test
    void theBackOffDoublesFromTheInitialWaitUpToTheMaximumAndNeverGivesUp() {
        OutboxRelayProperties properties = new OutboxRelayProperties(null, null, null, Duration.ofMillis(100),
                Duration.ofMillis(1000));
        BackOffExecution execution = properties.backOff().start();

        long[] waits = LongStream.range(0, 50).map(i -> execution.nextBackOff()).toArray();

        assertThat(waits).startsWith(100, 200, 400, 800, 1000, 1000);
        assertThat(waits).doesNotContain(BackOffExecution.STOP);
        assertThat(LongStream.of(waits).max().orElseThrow()).isEqualTo(1000);
    }

    @Test
    void defaultsSuitOneDatabaseAndOneSidecar() {
        OutboxRelayProperties properties = new OutboxRelayProperties(null, null, null, null, null);

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.batchSize()).isEqualTo(200);
        assertThat(properties.backOff().start().nextBackOff()).isEqualTo(100);
        assertThat(properties.backOff().getMaxInterval()).isEqualTo(5000);
    }
}
