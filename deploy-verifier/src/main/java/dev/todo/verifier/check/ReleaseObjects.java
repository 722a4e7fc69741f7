package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The objects of one Helm release, found by the standard instance label the chart sets. */
final class ReleaseObjects {

    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private ReleaseObjects() {
    }

    static List<Deployment> deployments(KubernetesClient client, VerifierOptions options) {
        return client.apps().deployments().inNamespace(options.namespace())
                .withLabel(INSTANCE_LABEL, options.release()).list().getItems();
    }

    static List<Pod> pods(KubernetesClient client, VerifierOptions options) {
        return client.pods().inNamespace(options.namespace())
                .withLabel(INSTANCE_LABEL, options.release()).list().getItems();
    }
}
