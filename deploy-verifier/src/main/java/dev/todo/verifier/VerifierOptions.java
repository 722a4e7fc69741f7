package dev.todo.verifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What to verify. Defaults are the names the chart, kafka/ and dapr-components/ use, so the pipeline
 * and the setup scripts only pass the namespace and the release.
 */
public record VerifierOptions(
        String namespace,
        String release,
        List<String> components,
        List<String> subscriptions,
        String resiliency,
        KafkaMode kafka,
        String kafkaNamespace,
        String kafkaCluster,
        List<String> topics,
        String strimziApiVersion,
        Duration waitFor,
        Path kubeconfig) {

    /** Which Kafka the release uses, and so which one is checked. */
    public enum KafkaMode {
        /** The chart's own broker (kafka.enabled=true): its StatefulSet and its topics Job. */
        IN_CHART("in-chart"),
        /** A Strimzi Kafka and its KafkaTopics (kafka/local, kafka/cloud). */
        STRIMZI("strimzi"),
        /** In-chart when the release has a StatefulSet labelled app.kubernetes.io/component=kafka, else Strimzi. */
        AUTO("auto");

        private final String flag;

        KafkaMode(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        static KafkaMode of(String value) {
            for (KafkaMode mode : values()) {
                if (mode.flag.equals(value.toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("--kafka takes in-chart, strimzi or auto, got " + value);
        }
    }

    public static final String USAGE = """
            Usage: java -jar deploy-verifier.jar [options]
              --namespace NS            namespace of the release (default: todo)
              --release NAME            Helm release name (default: todo-app)
              --components A,B          Dapr Components that must exist (default: kafka-pubsub,statestore)
              --subscriptions A,B       Dapr Subscriptions that must exist (default: none; the services
                                        subscribe programmatically)
              --resiliency NAME         Dapr Resiliency that must exist (default: todo-resiliency)
              --kafka MODE              which Kafka to check (default: auto):
                                          in-chart  the chart's broker (kafka.enabled=true): the release's
                                                    StatefulSet app.kubernetes.io/component=kafka has every
                                                    replica ready, and its newest topics Job (component
                                                    kafka-topics) completed and creates every --topics topic
                                          strimzi   the Strimzi Kafka --kafka-cluster and its KafkaTopics are Ready
                                          auto      in-chart when the release has that StatefulSet in its
                                                    namespace, otherwise strimzi
              --kafka-namespace NS      namespace of the Strimzi Kafka (default: kafka)
              --kafka-cluster NAME      Strimzi Kafka name (default: todo-kafka)
              --topics A,B              topics that must exist: KafkaTopics that must be Ready, or topics the
                                        in-chart topics Job must have created (default: the five platform topics)
              --strimzi-api-version V   kafka.strimzi.io version to read (default: v1)
              --wait SECONDS            keep re-checking until everything passes or this time is up (default: 0)
              --kubeconfig FILE         kubeconfig to use (its current context) instead of the usual lookup
              --help                    this text
            Kubernetes access: --kubeconfig, else the usual kubeconfig lookup (KUBECONFIG honoured, then
            ~/.kube/config), else the in-cluster service account.
            Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or no cluster access.""";

    public static VerifierOptions defaults() {
        return new VerifierOptions("todo", "todo-app", List.of("kafka-pubsub", "statestore"), List.of(),
                "todo-resiliency", KafkaMode.AUTO, "kafka", "todo-kafka",
                List.of("task-events", "task-updates", "reminders", "task-events-dlq", "reminders-dlq"),
                "v1", Duration.ZERO, null);
    }

    /** Parses the command line; throws IllegalArgumentException with a readable message on bad input. */
    public static VerifierOptions parse(String... args) {
        VerifierOptions d = defaults();
        String namespace = d.namespace;
        String release = d.release;
        List<String> components = d.components;
        List<String> subscriptions = d.subscriptions;
        String resiliency = d.resiliency;
        KafkaMode kafka = d.kafka;
        String kafkaNamespace = d.kafkaNamespace;
        String kafkaCluster = d.kafkaCluster;
        List<String> topics = d.topics;
        String strimziApiVersion = d.strimziApiVersion;
        Duration waitFor = d.waitFor;
        Path kubeconfig = d.kubeconfig;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--namespace" -> namespace = value;
                case "--release" -> release = value;
                case "--components" -> components = list(value);
                case "--subscriptions" -> subscriptions = list(value);
                case "--resiliency" -> resiliency = value;
                case "--kafka" -> kafka = KafkaMode.of(value);
                case "--kafka-namespace" -> kafkaNamespace = value;
                case "--kafka-cluster" -> kafkaCluster = value;
                case "--topics" -> topics = list(value);
                case "--strimzi-api-version" -> strimziApiVersion = value;
                case "--wait" -> waitFor = seconds(value);
                case "--kubeconfig" -> kubeconfig = kubeconfigFile(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new VerifierOptions(namespace, release, components, subscriptions, resiliency, kafka, kafkaNamespace,
                kafkaCluster, topics, strimziApiVersion, waitFor, kubeconfig);
    }

    /** The Kafka part of the report's first line. */
    String kafkaDescription() {
        String strimzi = "Kafka " + kafkaNamespace + "/" + kafkaCluster;
        return switch (kafka) {
            case STRIMZI -> strimzi;
            case IN_CHART -> "Kafka in-chart";
            case AUTO -> "Kafka auto: the release's in-chart broker if it has one, else " + kafkaNamespace + "/" + kafkaCluster;
        };
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration seconds(String value) {
        try {
            long s = Long.parseLong(value);
            if (s < 0) {
                throw new IllegalArgumentException("--wait must be >= 0, got " + value);
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--wait takes whole seconds, got " + value);
        }
    }

    /** A kubeconfig that is not there would silently fall back to another cluster: refuse it instead. */
    private static Path kubeconfigFile(String value) {
        Path path = Path.of(value);
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
            throw new IllegalArgumentException("--kubeconfig " + value + ": no readable file");
        }
        return path;
    }

    /** Signals --help: print usage and exit 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}
