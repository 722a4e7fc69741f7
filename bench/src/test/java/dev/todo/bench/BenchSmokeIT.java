package dev.todo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark suite at smoke scale on the real local stack, as part of the build: every phase runs end to end
 * and its correctness figures hold (every created event consumed, every next occurrence readable, every reminder
 * stored and delivered). The speed figures of a smoke run are not judged; bench/run.sh publishes those.
 */
class BenchSmokeIT {

    @Test
    void everyPhaseRunsOnTheLocalStackAndLosesNothing() throws Exception {
        Path runDir = Path.of("target/smoke").toAbsolutePath();
        PrintStream out = System.out;

        String report = BenchmarkSuite.run(Scale.SMOKE, BenchmarkSuite.PHASES, runDir, out, "--scale=smoke");

        assertThat(report).contains("## Machine").contains("## Results");
        assertThat(report).contains("| created events not consumed within 30 s | 0 | 0 | met |");
        assertThat(report).contains("| next occurrences missing after 30 s | 0 | 0 | met |");
        assertThat(report).contains("| notifications stored / delivered of 10 | 10 / 10 | 10 | met |");
        assertThat(report).contains("API throughput / JDBC throughput");
        assertThat(report).contains("GET /tasks sort=title");
        assertThat(report).contains("todo-api peak RSS").contains("notification-service start-up")
                .contains("recurring-service start-up");
        assertThat(report).doesNotContain("NaN");
    }
}
