package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every Deployment asks for a Dapr sidecar, and every running pod that asks for one has a ready
 * `daprd` container (SPEC §8.1). A pod without daprd means the sidecar injector did not run.
 */
public final class DaprSidecarsReady implements Check {

    static final String NAME = "Dapr sidecars";
    static final String DAPR_ENABLED = "dapr.io/enabled";

    @Override
    public List<Finding> run(KubernetesClient client, VerifierOptions options) {
        List<Finding> findings = new ArrayList<>();
        for (Deployment d : ReleaseObjects.deployments(client, options)) {
            Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            if (annotations == null || !"true".equals(annotations.get(DAPR_ENABLED))) {
                findings.add(Finding.fail(NAME, "deployment/" + d.getMetadata().getName(),
                        "pod template lacks " + DAPR_ENABLED + ": \"true\""));
            }
        }
        List<Pod> pods = ReleaseObjects.pods(client, options).stream()
                .filter(p -> p.getMetadata().getAnnotations() != null
                        && "true".equals(p.getMetadata().getAnnotations().get(DAPR_ENABLED)))
                // helm test pods and finished jobs are not part of the running release
                .filter(p -> p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase()))
                .toList();
        if (pods.isEmpty()) {
            findings.add(Finding.fail(NAME, "release " + options.release(), "no running pod with " + DAPR_ENABLED + "=true"));
        }
        for (Pod pod : pods) {
            findings.add(verdict(pod));
        }
        return findings;
    }

    private static Finding verdict(Pod pod) {
        String subject = "pod/" + pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Finding.pass(NAME, subject, "terminating, ignored");
        }
        boolean declared = Stream.concat(pod.getSpec().getContainers().stream(),
                        pod.getSpec().getInitContainers() == null ? Stream.empty() : pod.getSpec().getInitContainers().stream())
                .anyMatch(c -> "daprd".equals(c.getName()));
        if (!declared) {
            return Finding.fail(NAME, subject, "no daprd container: the Dapr sidecar injector did not inject it");
        }
        Optional<ContainerStatus> daprd = pod.getStatus() == null ? Optional.empty() : Stream.concat(
                        Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream())
                .filter(s -> "daprd".equals(s.getName())).findFirst();
        if (daprd.isEmpty()) {
            return Finding.fail(NAME, subject, "daprd has no status yet (pod phase "
                    + (pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase()) + ")");
        }
        ContainerStatus s = daprd.get();
        if (Boolean.TRUE.equals(s.getReady())) {
            return Finding.pass(NAME, subject, "daprd ready (" + s.getRestartCount() + " restarts)");
        }
        String waiting = s.getState() != null && s.getState().getWaiting() != null
                ? " - " + s.getState().getWaiting().getReason() : "";
        return Finding.fail(NAME, subject, "daprd not ready" + waiting + " (" + s.getRestartCount() + " restarts)");
    }
}
