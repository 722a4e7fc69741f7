package dev.todo.verifier;

import dev.todo.verifier.check.Check;
import dev.todo.verifier.check.DaprResourcesPresent;
import dev.todo.verifier.check.DaprSidecarsReady;
import dev.todo.verifier.check.DeploymentsAvailable;
import dev.todo.verifier.check.InChartKafkaReady;
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

    private static final List<Check> RELEASE_CHECKS = List.of(new DeploymentsAvailable(), new DaprSidecarsReady(),
            new DaprResourcesPresent());
    private static final Check STRIMZI_KAFKA = new StrimziKafkaReady();
    private static final Check IN_CHART_KAFKA = new InChartKafkaReady();

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
        for (Check check : RELEASE_CHECKS) {
            run(check, options, findings);
        }
        Check kafka;
        try {
            kafka = kafkaCheck(options);
        } catch (KubernetesClientException e) {
            findings.add(apiFailure("Kafka detection", e));
            return new Report(findings);
        }
        run(kafka, options, findings);
        return new Report(findings);
    }

    /** --kafka: the check of the Kafka the release uses; auto decides again at every attempt. */
    private Check kafkaCheck(VerifierOptions options) {
        return switch (options.kafka()) {
            case STRIMZI -> STRIMZI_KAFKA;
            case IN_CHART -> IN_CHART_KAFKA;
            case AUTO -> InChartKafkaReady.inRelease(client, options) ? IN_CHART_KAFKA : STRIMZI_KAFKA;
        };
    }

    private void run(Check check, VerifierOptions options, List<Finding> findings) {
        String name = check.getClass().getSimpleName();
        try {
            findings.addAll(check.run(client, options));
        } catch (KubernetesClientException e) {
            // A missing CRD (Dapr or Strimzi not installed) answers 404: report it, keep checking.
            findings.add(apiFailure(name, e));
        } catch (RuntimeException e) {
            // An object shaped unlike anything the check expects: a failed check, not a crash with exit status 1.
            findings.add(Finding.fail(name, "error", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())));
        }
    }

    private static Finding apiFailure(String check, KubernetesClientException e) {
        return Finding.fail(check, "API", "HTTP " + e.getCode() + ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
