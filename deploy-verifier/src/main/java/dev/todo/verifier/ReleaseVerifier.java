package dev.todo.verifier;

import dev.todo.verifier.check.Check;
import dev.todo.verifier.check.DaprResourcesPresent;
import dev.todo.verifier.check.DaprSidecarsReady;
import dev.todo.verifier.check.DeploymentsAvailable;
import dev.todo.verifier.check.StrimziKafkaReady;
import dev.todo.verifier.report.Finding;
import dev.todo.verifier.report.Report;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs every check once, or repeatedly until they pass or the wait is over. */
public final class ReleaseVerifier {

    private static final List<Check> CHECKS = List.of(new DeploymentsAvailable(), new DaprSidecarsReady(),
            new DaprResourcesPresent(), new StrimziKafkaReady());

    private final KubernetesClient client;
    private final Clock clock;
    private final Pause pause;

    /** How to wait between attempts; a parameter so tests do not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause() throws InterruptedException;
    }

    public ReleaseVerifier(KubernetesClient client, Clock clock, Pause pause) {
        this.client = client;
        this.clock = clock;
        this.pause = pause;
    }

    public Report verify(VerifierOptions options) throws InterruptedException {
        Instant deadline = clock.instant().plus(options.waitFor());
        while (true) {
            Report report = once(options);
            if (report.passed() || !clock.instant().isBefore(deadline)) {
                return report;
            }
            pause.pause();
        }
    }

    private Report once(VerifierOptions options) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : CHECKS) {
            try {
                findings.addAll(check.run(client, options));
            } catch (KubernetesClientException e) {
                // A missing CRD (Dapr or Strimzi not installed) answers 404: report it, keep checking.
                findings.add(Finding.fail(check.getClass().getSimpleName(), "API",
                        "HTTP " + e.getCode() + ": " + firstLine(e.getMessage())));
            }
        }
        return new Report(findings);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
