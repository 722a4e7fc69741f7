package dev.todo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void ownAndReapedChildrensTicksAreAddedEvenWithSpacesAndParenthesesInTheName() {
        String stat = "4242 (postgres: a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 30 700 120 20 0 1 0 5 6 7";

        assertThat(ProcStat.withReapedChildren(stat)).isEqualTo(Duration.ofMillis((150 + 30 + 700 + 120) * 10));
    }

    @Test
    void aChildsTimeStaysWithItsParentAfterItExited() throws Exception {
        // the child burns CPU and exits; the parent reaps it and lives on as sleep
        Process parent = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done'; exec sleep 30").start();
        try {
            // exec keeps the pid and the reaped time: once it is sleep, the child is done
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> parent.toHandle().info().command().map(c -> c.endsWith("/sleep")).orElse(false));

            assertThat(parent.toHandle().info().totalCpuDuration().orElse(Duration.ZERO))
                    .isLessThan(Duration.ofMillis(50));
            assertThat(ProcStat.withReapedChildren(parent.pid())).isGreaterThan(Duration.ofMillis(300));
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aProcessThatIsGoneCountsNothing() {
        assertThat(ProcStat.withReapedChildren(Long.MAX_VALUE)).isEqualTo(Duration.ZERO);
    }
}
