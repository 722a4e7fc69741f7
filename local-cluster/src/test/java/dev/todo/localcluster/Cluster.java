package dev.todo.localcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cluster as an operator sees it through the API server (fabric8, with the kubeconfig cluster.sh wrote): the
 * release's pods by component, kubectl's READY and STATUS columns, and what to show when something is wrong.
 */
final class Cluster implements AutoCloseable {

    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    /** The Dapr app ids, which the chart also uses as component label and container name (docs/CONVENTIONS.md). */
    static final List<String> APPS = List.of("todo-api", "notification-service", "recurring-service");
    static final String DAPRD = "daprd";

    final ClusterState state;
    final KubernetesClient client;

    private Cluster(ClusterState state, KubernetesClient client) {
        this.state = state;
        this.client = client;
    }

    static Cluster connect(ClusterState state) {
        String kubeconfig;
        try {
            kubeconfig = Files.readString(state.kubeconfig(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig " + state.kubeconfig(), e);
        }
        Config config = Config.fromKubeconfig(null, kubeconfig, state.kubeconfig().toString());
        // fabric8 guesses the client key's algorithm from the PEM header and takes a PKCS#8 key ("BEGIN PRIVATE
        // KEY") for RSA; the cluster's admin key may be EC
        state.clientKeyAlgorithm().ifPresent(config::setClientKeyAlgo);
        config.setNamespace(state.namespace());
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        config.setRequestRetryBackoffLimit(3);
        return new Cluster(state, new KubernetesClientBuilder().withConfig(config).build());
    }

    // --- the release's pods -----------------------------------------------------------------------------------

    /** Every pod of one service of the release, terminating ones included. */
    List<Pod> appPods(String app) {
        return client.pods().inNamespace(state.namespace())
                .withLabel(INSTANCE_LABEL, state.release())
                .withLabel(COMPONENT_LABEL, app)
                .list().getItems();
    }

    /** The service's pods that are not being deleted. */
    List<Pod> activeAppPods(String app) {
        return appPods(app).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** The one pod of a single-replica service (fails naming the service when there is not exactly one). */
    Pod onlyActivePod(String app) {
        List<Pod> pods = activeAppPods(app);
        if (pods.size() != 1) {
            throw new AssertionError(app + ": expected exactly one active pod, found " + pods.size() + ":\n"
                    + pods.stream().map(Cluster::describe).reduce("", (a, b) -> a + b + "\n"));
        }
        return pods.get(0);
    }

    Pod refresh(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    }

    Optional<Pod> kafkaPod() {
        return client.pods().inNamespace(state.kafkaNamespace()).withLabels(state.kafkaPodSelector()).list().getItems()
                .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(phase(p)))
                .findFirst();
    }

    // --- kubectl's view of a pod ------------------------------------------------------------------------------

    static String phase(Pod pod) {
        return pod.getStatus() == null ? "Unknown" : String.valueOf(pod.getStatus().getPhase());
    }

    /** The pod's Ready condition. */
    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * kubectl get pod's READY column: ready over all long-running containers, which (since native sidecars) includes
     * init containers with restartPolicy Always - where Dapr puts daprd when its injector runs in native-sidecar mode.
     */
    static String readyColumn(Pod pod) {
        List<String> longRunning = longRunningContainers(pod).stream().map(Container::getName).toList();
        long ready = statuses(pod).filter(s -> longRunning.contains(s.getName()))
                .filter(s -> Boolean.TRUE.equals(s.getReady())).count();
        return ready + "/" + longRunning.size();
    }

    /** App containers plus restartable (sidecar) init containers. */
    static List<Container> longRunningContainers(Pod pod) {
        List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy()))
                    .forEach(containers::add);
        }
        return containers;
    }

    static Optional<Container> container(Pod pod, String name) {
        return longRunningContainers(pod).stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    static Stream<ContainerStatus> statuses(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        return Stream.concat(Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream());
    }

    /** "2/2 Running" and Ready, as an operator reads kubectl get pods. */
    static boolean twoOfTwoRunningAndReady(Pod pod) {
        return pod != null && pod.getMetadata().getDeletionTimestamp() == null && "Running".equals(phase(pod))
                && "2/2".equals(readyColumn(pod)) && ready(pod);
    }

    /** One line per pod: name, READY, phase, restarts, and why a container waits or ended. */
    static String describe(Pod pod) {
        StringBuilder out = new StringBuilder("pod/").append(pod.getMetadata().getName())
                .append(" ").append(readyColumn(pod)).append(" ").append(phase(pod))
                .append(ready(pod) ? " Ready" : " NotReady");
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            out.append(" Terminating");
        }
        statuses(pod).forEach(s -> {
            out.append("\n    ").append(s.getName()).append(": ready=").append(s.getReady())
                    .append(" restarts=").append(s.getRestartCount()).append(" image=").append(s.getImage());
            if (s.getState() != null && s.getState().getWaiting() != null) {
                out.append(" waiting=").append(s.getState().getWaiting().getReason()).append(" ")
                        .append(Objects.toString(s.getState().getWaiting().getMessage(), ""));
            }
            if (s.getState() != null && s.getState().getTerminated() != null) {
                out.append(" terminated=").append(s.getState().getTerminated().getReason())
                        .append(" exit=").append(s.getState().getTerminated().getExitCode());
            }
            if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                out.append(" last-terminated=").append(s.getLastState().getTerminated().getReason())
                        .append(" exit=").append(s.getLastState().getTerminated().getExitCode());
            }
        });
        return out.toString();
    }

    // --- what to show when something is wrong ----------------------------------------------------------------

    /** The last lines of one container's log (and of its previous run when it restarted). */
    String logs(Pod pod, String container, int lines) {
        StringBuilder out = new StringBuilder();
        var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .inContainer(container);
        boolean restarted = statuses(pod).anyMatch(s -> container.equals(s.getName()) && s.getRestartCount() != null
                && s.getRestartCount() > 0);
        try {
            if (restarted) {
                out.append("  (previous run)\n").append(indent(resource.terminated().tailingLines(lines).getLog()));
            }
            out.append(indent(resource.tailingLines(lines).getLog()));
        } catch (RuntimeException e) {
            out.append("  (no log: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    /** The namespace's most recent events, optionally only those about objects whose name starts with a prefix. */
    String events(String namespace, String namePrefix, int max) {
        List<Event> events;
        try {
            events = client.v1().events().inNamespace(namespace).list().getItems();
        } catch (RuntimeException e) {
            return "  (no events: " + e.getMessage() + ")\n";
        }
        StringBuilder out = new StringBuilder();
        List<Event> matching = events.stream()
                .filter(e -> namePrefix == null || e.getInvolvedObject() == null
                        || Objects.toString(e.getInvolvedObject().getName(), "").startsWith(namePrefix))
                .sorted(Comparator.comparing(Cluster::eventTime))
                .toList();
        matching.stream().skip(Math.max(0, matching.size() - max))
                .forEach(e -> out.append("  ").append(eventTime(e)).append(" ").append(e.getType()).append(" ")
                        .append(e.getReason()).append(" ")
                        .append(e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind() + "/"
                                + e.getInvolvedObject().getName())
                        .append(": ").append(e.getMessage()).append('\n'));
        return out.toString();
    }

    private static Instant eventTime(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getFirstTimestamp(),
                e.getEventTime() == null ? null : e.getEventTime().getTime(), e.getMetadata().getCreationTimestamp()}) {
            if (t != null && !t.isBlank()) {
                try {
                    return OffsetDateTime.parse(t).toInstant();
                } catch (RuntimeException ignored) {
                    // try the next one
                }
            }
        }
        return Instant.EPOCH;
    }

    /** Pods, events and log tails of one service (app container and daprd). */
    String diagnose(String app) {
        StringBuilder out = new StringBuilder("=== ").append(app).append(" ===\n");
        try {
            List<Pod> pods = appPods(app);
            if (pods.isEmpty()) {
                out.append("  no pod labelled ").append(COMPONENT_LABEL).append('=').append(app).append('\n');
            }
            for (Pod pod : pods) {
                out.append(describe(pod)).append('\n');
                for (Container c : longRunningContainers(pod)) {
                    out.append("  --- log of ").append(pod.getMetadata().getName()).append('/').append(c.getName())
                            .append(" (last 40 lines) ---\n").append(logs(pod, c.getName(), 40));
                }
            }
            out.append("  --- events ---\n").append(events(state.namespace(), state.release() + "-" + app, 15));
        } catch (RuntimeException e) {
            out.append("  (cannot diagnose: ").append(e).append(")\n");
        }
        return out.toString();
    }

    /** Everything worth showing after a failure: the three services, Kafka, the Dapr control plane, recent events. */
    String diagnoseAll() {
        StringBuilder out = new StringBuilder();
        for (String app : APPS) {
            out.append(diagnose(app));
        }
        try {
            Optional<Pod> kafka = kafkaPod();
            out.append("=== kafka ===\n");
            if (kafka.isEmpty()) {
                out.append("  no running pod labelled ").append(state.kafkaPodSelector()).append('\n');
            } else {
                out.append(describe(kafka.get())).append('\n')
                        .append(logs(kafka.get(), kafka.get().getSpec().getContainers().get(0).getName(), 20));
            }
            out.append("=== ").append(state.daprNamespace()).append(" ===\n");
            for (Pod pod : client.pods().inNamespace(state.daprNamespace()).list().getItems()) {
                out.append(describe(pod)).append('\n');
            }
            out.append("=== recent events in ").append(state.namespace()).append(" ===\n")
                    .append(events(state.namespace(), null, 25));
        } catch (RuntimeException e) {
            out.append("  (cannot diagnose: ").append(e).append(")\n");
        }
        return out.toString();
    }

    static String indent(String text) {
        if (text == null || text.isEmpty()) {
            return "  (empty)\n";
        }
        StringBuilder out = new StringBuilder();
        text.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }

    /** "a=b,c=d" as a label map. */
    static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : selector.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("not an equality label selector: " + selector);
            }
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return labels;
    }

    static Duration since(Instant start) {
        return Duration.between(start, Instant.now());
    }

    @Override
    public void close() {
        client.close();
    }
}
