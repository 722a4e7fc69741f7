package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's own test hook, run as an operator runs it: {@code helm test <release> -n <namespace>}.
 *
 * <p>No {@code --logs}: the chart's test pod has hook-delete-policy hook-succeeded, so after a pass the pod is gone
 * and {@code --logs} fails the command ("unable to get pod logs"). A failed test pod stays; its log is fetched for
 * the failure message.
 */
@ExtendWith(ClusterDiagnostics.class)
class HelmTestIT {

    static final String HELM_TIMEOUT = "5m";
    /** The chart labels its test pods with this component. */
    static final String TEST_POD_COMPONENT = "helm-test";

    @Test
    void helmTestPasses() {
        ClusterState state = ClusterState.current();
        Cli.Result result = Cli.helm(state, Duration.ofMinutes(7), "test", state.release(), "-n", state.namespace(),
                "--timeout", HELM_TIMEOUT);

        String testPodLogs = result.ok() ? "" : "\n--- test pod logs ---\n" + Cli.kubectl(state, Duration.ofSeconds(30),
                null, "logs", "-n", state.namespace(), "--tail", "100", "--all-containers", "-l",
                Cluster.INSTANCE_LABEL + "=" + state.release() + "," + Cluster.COMPONENT_LABEL + "=" + TEST_POD_COMPONENT)
                .describe();
        assertThat(result.exitCode()).as("helm test of release %s:\n%s%s", state.release(), result.describe(), testPodLogs)
                .isZero();
        assertThat(result.stdout()).as("helm test ran a test hook that succeeded:\n%s", result.describe())
                .containsPattern("(?m)^Phase:\\s+Succeeded$")
                .doesNotContainPattern("(?m)^Phase:\\s+Failed$");
    }
}
