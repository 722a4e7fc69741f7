package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chart's own test hook, run as an operator runs it: {@code helm test <release> -n <namespace>}. */
@ExtendWith(ClusterDiagnostics.class)
class HelmTestIT {

    static final String HELM_TIMEOUT = "5m";

    @Test
    void helmTestPasses() {
        ClusterState state = ClusterState.current();
        Cli.Result result = Cli.helm(state, Duration.ofMinutes(7), "test", state.release(), "-n", state.namespace(),
                "--logs", "--timeout", HELM_TIMEOUT);

        assertThat(result.exitCode()).as("helm test of release %s:\n%s", state.release(), result.describe()).isZero();
        assertThat(result.stdout()).as("helm test ran a test hook:\n%s", result.describe()).contains("Phase:");
        assertThat(result.stdout()).as("no test hook failed:\n%s", result.describe()).doesNotContain("Phase:          Failed");
    }
}
