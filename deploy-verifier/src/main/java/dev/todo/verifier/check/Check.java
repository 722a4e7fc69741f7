package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** One aspect of a healthy release. Never throws for an unhealthy cluster: it reports findings. */
public interface Check {

    List<Finding> run(KubernetesClient client, VerifierOptions options);
}
