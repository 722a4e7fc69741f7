package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The project's deployment verifier ({@code deploy-verifier}, the jar the pipeline and the setup scripts run) against
 * the live release: {@code java -jar deploy-verifier.jar --namespace <ns> --release <release>} with the cluster's
 * KUBECONFIG.
 *
 * <p>The verifier always checks a Strimzi Kafka ({@code kafka.strimzi.io} Kafka + KafkaTopics); this cluster runs a
 * plain KRaft broker in a pod and has no Strimzi, so that check cannot pass here. The release's own checks
 * (Deployments available, Dapr sidecars ready, Dapr resources present) must all pass; the Strimzi check is asserted
 * separately and skipped (not passed) when the cluster has no Strimzi Kafka.
 */
@ExtendWith(ClusterDiagnostics.class)
class DeployVerifierIT {

    /**
     * The report's group headers of the verifier's Strimzi check: StrimziKafkaReady.NAME, or the class's simple name
     * when the check threw (ReleaseVerifier reports an API error such as the 404 of a missing CRD that way).
     */
    static final Set<String> STRIMZI_CHECK = Set.of("Strimzi Kafka", "StrimziKafkaReady");
    /** Extra arguments for the verifier, e.g. -Dverifier.args="--resiliency other" when values-cluster.yaml renames things. */
    static final String EXTRA_ARGS = System.getProperty("verifier.args", "");
    static final Duration SETTLE = Duration.ofMinutes(3);

    private static ClusterState state;
    private static Path jar;

    @BeforeAll
    static void locateTheVerifier() {
        state = ClusterState.current();
        jar = Path.of(System.getProperty("deploy-verifier.jar", "../deploy-verifier/target/deploy-verifier.jar"));
        assertThat(Files.isRegularFile(jar)).as("deploy-verifier's runnable jar at %s: build it first (the reactor "
                + "packages it before this module; alone: ./mvnw -pl deploy-verifier package)", jar).isTrue();
    }

    @Test
    void everyReleaseCheckOfTheVerifierPasses() {
        AtomicReference<Run> last = new AtomicReference<>();
        await("deploy-verifier's release checks").atMost(SETTLE).pollInterval(Duration.ofSeconds(10))
                .until(() -> {
                    Run run = runVerifier();
                    last.set(run);
                    return run.failuresOutside(STRIMZI_CHECK).isEmpty() && !run.findings.isEmpty();
                });
        Run run = last.get();
        assertThat(run.findings).as("the verifier reported findings:\n%s", run.result.describe()).isNotEmpty();
        assertThat(run.checks()).as("the verifier ran its release checks:\n%s", run.result.describe())
                .contains("Deployments available", "Dapr sidecars", "Dapr resources");
        assertThat(run.failuresOutside(STRIMZI_CHECK)).as("deploy-verifier findings that failed:\n%s",
                run.result.describe()).isEmpty();
        // exit code 0 unless only the Strimzi check failed (the cluster has no Strimzi)
        if (run.failuresOf(STRIMZI_CHECK).isEmpty()) {
            assertThat(run.result.exitCode()).as(run.result.describe()).isZero();
        } else {
            assertThat(run.result.exitCode()).as(run.result.describe()).isEqualTo(1);
        }
    }

    @Test
    void theStrimziCheckPassesWhereTheClusterRunsStrimzi() {
        Cli.Result kafkas = Cli.kubectl(state, Duration.ofSeconds(30), null, "get", "kafkas.kafka.strimzi.io",
                "--all-namespaces", "-o", "name");
        assumeTrue(kafkas.ok() && !kafkas.stdout().isBlank(), "this cluster runs a plain Kafka pod, no Strimzi: the verifier's Strimzi Kafka"
                + " check does not apply (it needs an option to check a non-Strimzi Kafka)");
        Run run = runVerifier();
        assertThat(run.failuresOf(STRIMZI_CHECK)).as(run.result.describe()).isEmpty();
    }

    private static Run runVerifier() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--namespace", state.namespace(), "--release", state.release()));
        if (!EXTRA_ARGS.isBlank()) {
            command.addAll(Arrays.asList(EXTRA_ARGS.trim().split("\\s+")));
        }
        Cli.Result result = Cli.run(Duration.ofMinutes(2), state.toolEnvironment(), command);
        assertThat(result.exitCode()).as("deploy-verifier reached the cluster (exit 2 = usage or no API access):\n%s",
                result.describe()).isIn(0, 1);
        return new Run(result, parse(result.stdout()));
    }

    /** One line of the verifier's report: "[ OK ]" or "[FAIL]" under a check's header line. */
    record Finding(String check, boolean passed, String line) {
    }

    record Run(Cli.Result result, List<Finding> findings) {

        List<String> checks() {
            return findings.stream().map(Finding::check).distinct().toList();
        }

        List<String> failuresOutside(Set<String> checks) {
            return findings.stream().filter(f -> !f.passed() && !checks.contains(f.check()))
                    .map(f -> f.check() + ": " + f.line()).toList();
        }

        List<String> failuresOf(Set<String> checks) {
            return findings.stream().filter(f -> !f.passed() && checks.contains(f.check())).map(Finding::line).toList();
        }
    }

    /** Report.render(): a check name at column 0, then "  [ OK ] subject: detail" / "  [FAIL] subject: detail". */
    static List<Finding> parse(String report) {
        List<Finding> findings = new ArrayList<>();
        String check = null;
        for (String line : report.split("\n")) {
            if (line.startsWith("  [ OK ] ") || line.startsWith("  [FAIL] ")) {
                if (check != null) {
                    findings.add(new Finding(check, line.startsWith("  [ OK ] "), line.substring(9)));
                }
            } else if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("Verifying ")
                    && !line.startsWith("RESULT:")) {
                check = line.trim();
            }
        }
        return findings;
    }
}
