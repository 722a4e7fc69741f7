package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The project's deployment verifier, the runnable jar the pipeline and the setup scripts run, against the live
 * release: {@code java -jar deploy-verifier.jar --namespace <ns> --release <release> --kafka in-chart
 * --kubeconfig <cluster kubeconfig> --wait <s>}. It re-checks until everything passes or the wait is over; exit 0
 * and a PASSED report with every check group is the guarantee.
 */
@ExtendWith(ClusterDiagnostics.class)
class DeployVerifierIT {

    /** This cluster runs the chart's own KRaft broker (kafka.enabled in values-cluster.yaml), no Strimzi. */
    static final String KAFKA_MODE = "in-chart";
    static final int WAIT_SECONDS = 180;
    /** Extra arguments, e.g. -Dverifier.args="--resiliency other" when values-cluster.yaml renames things. */
    static final String EXTRA_ARGS = System.getProperty("verifier.args", "");
    /** The report's check groups (the checks' NAME constants in deploy-verifier). */
    static final List<String> CHECKS = List.of("Deployments available", "Dapr sidecars", "Dapr resources",
            "Kafka (in-chart)");

    @Test
    void theDeploymentVerifierPassesAgainstTheLiveRelease() {
        ClusterState state = ClusterState.current();
        Path jar = Path.of(System.getProperty("deploy-verifier.jar", "../deploy-verifier/target/deploy-verifier.jar"));
        assertThat(Files.isRegularFile(jar)).as("deploy-verifier's runnable jar at %s: build it first (the reactor "
                + "packages it before this module; -pl local-cluster -am)", jar).isTrue();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--namespace", state.namespace(), "--release", state.release(),
                "--kafka", KAFKA_MODE, "--kubeconfig", state.kubeconfig().toString(),
                "--wait", String.valueOf(WAIT_SECONDS)));
        if (!EXTRA_ARGS.isBlank()) {
            command.addAll(Arrays.asList(EXTRA_ARGS.trim().split("\\s+")));
        }
        // as an operator runs it: nothing but the kubeconfig (the verifier reads the cluster's PKCS#8 EC key itself)
        Cli.Result result = Cli.run(Duration.ofSeconds(WAIT_SECONDS + 120), state.toolEnvironment(), command);

        assertThat(result.exitCode()).as("deploy-verifier (exit 1 = a check failed, 2 = usage or no API access):\n%s",
                result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("RESULT: PASSED").doesNotContain("[FAIL]");
        for (String check : CHECKS) {
            assertThat(result.stdout()).as("the verifier ran its '%s' check:\n%s", check, result.describe())
                    .containsPattern("(?m)^" + java.util.regex.Pattern.quote(check) + "$");
        }
    }
}
