package dev.todo.verifier.check;

import dev.todo.verifier.VerifierOptions;
import dev.todo.verifier.report.Finding;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart's own Kafka (kafka.enabled=true, templates/kafka.yaml): the release's KRaft StatefulSet has every
 * replica ready and updated, and the newest topics Job has completed.
 *
 * <p>Topics are not read from the broker (that needs a Kafka client). The topics Job runs
 * {@code TopicCommand --create --if-not-exists --topic <name>} for each topic under {@code sh -e}, so a Complete
 * Job has created every topic its script names: each expected topic is checked against that script.
 */
public final class InChartKafkaReady implements Check {

    static final String NAME = "Kafka (in-chart)";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final String BROKER_COMPONENT = "kafka";
    static final String TOPICS_COMPONENT = "kafka-topics";

    private static final Pattern TOPIC_ARG = Pattern.compile("--topic[\\s=]+['\"]?([A-Za-z0-9._-]+)");

    /** Whether the release runs the chart's Kafka: what --kafka auto decides by. */
    public static boolean inRelease(KubernetesClient client, VerifierOptions options) {
        return !brokers(client, options).isEmpty();
    }

    @Override
    public List<Finding> run(KubernetesClient client, VerifierOptions options) {
        List<Finding> findings = new ArrayList<>();
        List<StatefulSet> brokers = brokers(client, options);
        if (brokers.isEmpty()) {
            findings.add(Finding.fail(NAME, "release " + options.release(), "no StatefulSet labelled "
                    + COMPONENT_LABEL + "=" + BROKER_COMPONENT + "," + ReleaseObjects.INSTANCE_LABEL + "="
                    + options.release() + " in namespace " + options.namespace()
                    + " (is kafka.enabled=true? for a Strimzi Kafka use --kafka strimzi)"));
        }
        for (StatefulSet broker : brokers) {
            findings.add(brokerVerdict(client, options, broker));
        }
        findings.addAll(topicsVerdict(client, options));
        return findings;
    }

    private static List<StatefulSet> brokers(KubernetesClient client, VerifierOptions options) {
        return client.apps().statefulSets().inNamespace(options.namespace())
                .withLabel(ReleaseObjects.INSTANCE_LABEL, options.release())
                .withLabel(COMPONENT_LABEL, BROKER_COMPONENT).list().getItems();
    }

    private static Finding brokerVerdict(KubernetesClient client, VerifierOptions options, StatefulSet broker) {
        String subject = "statefulset/" + broker.getMetadata().getName();
        int desired = Objects.requireNonNullElse(broker.getSpec().getReplicas(), 1);
        var status = broker.getStatus();
        int ready = status == null ? 0 : Objects.requireNonNullElse(status.getReadyReplicas(), 0);
        int updated = status == null ? 0 : Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
        String counts = ready + "/" + desired + " ready, " + updated + " updated";
        if (desired < 1) {
            return Finding.fail(NAME, subject, "scaled to 0 replicas: the release has no broker");
        }
        Long generation = broker.getMetadata().getGeneration();
        Long observed = status == null ? null : status.getObservedGeneration();
        if (generation != null && observed != null && observed < generation) {
            return Finding.fail(NAME, subject, counts + " - the controller has not yet seen generation " + generation);
        }
        if (ready >= desired && updated >= desired) {
            return Finding.pass(NAME, subject, counts);
        }
        return Finding.fail(NAME, subject, counts + podHint(client, options, ReleaseObjects.INSTANCE_LABEL,
                options.release(), BROKER_COMPONENT));
    }

    private static List<Finding> topicsVerdict(KubernetesClient client, VerifierOptions options) {
        List<Job> jobs = client.batch().v1().jobs().inNamespace(options.namespace())
                .withLabel(ReleaseObjects.INSTANCE_LABEL, options.release())
                .withLabel(COMPONENT_LABEL, TOPICS_COMPONENT).list().getItems();
        Optional<Job> newest = jobs.stream().max(Comparator.comparing((Job j) -> created(j.getMetadata().getCreationTimestamp()))
                .thenComparing(j -> j.getMetadata().getName()));
        if (newest.isEmpty()) {
            return List.of(Finding.fail(NAME, "topics", "no Job labelled " + COMPONENT_LABEL + "=" + TOPICS_COMPONENT
                    + "," + ReleaseObjects.INSTANCE_LABEL + "=" + options.release() + " in namespace "
                    + options.namespace() + ": nothing created the topics"));
        }
        Job job = newest.get();
        String subject = "job/" + job.getMetadata().getName();
        Set<String> scripted = topicsIn(job);
        List<String> missing = options.topics().stream().filter(t -> !scripted.contains(t)).toList();
        List<Finding> findings = new ArrayList<>();
        if (isTrue(job, "Complete")) {
            findings.add(Finding.pass(NAME, subject, "Complete" + completedAt(job)));
            for (String topic : options.topics()) {
                findings.add(scripted.contains(topic)
                        ? Finding.pass(NAME, "topic/" + topic, "created by " + subject
                                + " (its TopicCommand --create succeeded; not read from the broker)")
                        : Finding.fail(NAME, "topic/" + topic, "not among the topics " + subject + " creates "
                                + scripted + " (kafka.topics)"));
            }
            return findings;
        }
        findings.add(Finding.fail(NAME, subject, jobState(client, options, job)));
        // A topic the Job would never create is a separate, lasting fault; the others wait for the Job.
        for (String topic : missing) {
            findings.add(Finding.fail(NAME, "topic/" + topic, "not among the topics " + subject + " creates "
                    + scripted + " (kafka.topics)"));
        }
        return findings;
    }

    private static String jobState(KubernetesClient client, VerifierOptions options, Job job) {
        Optional<JobCondition> failed = condition(job, "Failed");
        String hint = podHint(client, options, "job-name", job.getMetadata().getName(), null);
        if (failed.isPresent()) {
            JobCondition c = failed.get();
            return "Failed: " + Objects.requireNonNullElse(c.getReason(), "no reason given")
                    + (c.getMessage() != null && !c.getMessage().isBlank() ? " (" + c.getMessage() + ")" : "") + hint;
        }
        var status = job.getStatus();
        int active = status == null ? 0 : Objects.requireNonNullElse(status.getActive(), 0);
        int failedPods = status == null ? 0 : Objects.requireNonNullElse(status.getFailed(), 0);
        return "not complete yet (" + active + " active, " + failedPods + " failed pods)" + hint;
    }

    /**
     * Why the pods of something are not well: the first container that waits (CrashLoopBackOff, ImagePullBackOff)
     * or last terminated with an error, and its restarts. Empty when nothing tells more.
     */
    private static String podHint(KubernetesClient client, VerifierOptions options, String label, String value,
            String component) {
        var pods = client.pods().inNamespace(options.namespace()).withLabel(label, value);
        if (component != null) {
            pods = pods.withLabel(COMPONENT_LABEL, component);
        }
        List<Pod> items = pods.list().getItems().stream()
                .sorted(Comparator.comparing((Pod p) -> created(p.getMetadata().getCreationTimestamp())).reversed())
                .toList();
        for (Pod pod : items) {
            if (pod.getStatus() == null) {
                continue;
            }
            for (ContainerStatus s : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
                if (Boolean.TRUE.equals(s.getReady())) {
                    continue;
                }
                String why = null;
                if (s.getState() != null && s.getState().getWaiting() != null) {
                    why = s.getState().getWaiting().getReason();
                }
                if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                    var t = s.getLastState().getTerminated();
                    String last = "last exit " + t.getExitCode() + (t.getReason() != null ? " " + t.getReason() : "");
                    why = why == null ? last : why + ", " + last;
                }
                if (why == null && s.getState() != null && s.getState().getTerminated() != null) {
                    var t = s.getState().getTerminated();
                    why = "exit " + t.getExitCode() + (t.getReason() != null ? " " + t.getReason() : "");
                }
                if (why != null) {
                    return " - pod/" + pod.getMetadata().getName() + ": " + why + " (" + s.getRestartCount() + " restarts)";
                }
            }
            if (pod.getStatus().getPhase() != null && !"Running".equals(pod.getStatus().getPhase())
                    && !"Succeeded".equals(pod.getStatus().getPhase())) {
                return " - pod/" + pod.getMetadata().getName() + ": " + pod.getStatus().getPhase();
            }
        }
        return "";
    }

    /** The --topic arguments of the Job's containers: the topics it creates. */
    static Set<String> topicsIn(Job job) {
        Set<String> topics = new LinkedHashSet<>();
        List<Container> containers = job.getSpec() == null || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getSpec() == null ? List.of()
                : job.getSpec().getTemplate().getSpec().getContainers();
        for (Container c : containers) {
            String text = String.join(" ", Stream.concat(
                    Optional.ofNullable(c.getCommand()).orElse(List.of()).stream(),
                    Optional.ofNullable(c.getArgs()).orElse(List.of()).stream()).toList());
            Matcher m = TOPIC_ARG.matcher(text);
            while (m.find()) {
                topics.add(m.group(1));
            }
        }
        return topics;
    }

    private static boolean isTrue(Job job, String type) {
        return condition(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static String completedAt(Job job) {
        String at = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
        return at == null ? "" : " at " + at;
    }

    private static Instant created(String timestamp) {
        try {
            return timestamp == null ? Instant.EPOCH : Instant.parse(timestamp);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
