package dev.todo.verifier;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
        String kafkaNamespace,
        String kafkaCluster,
        List<String> topics,
        String strimziApiVersion,
        Duration waitFor) {

    public static final String USAGE = """
            Usage: java -jar deploy-verifier.jar [options]
              --namespace NS            namespace of the release (default: todo)
              --release NAME            Helm release name (default: todo-app)
              --components A,B          Dapr Components that must exist (default: kafka-pubsub,statestore)
              --subscriptions A,B       Dapr Subscriptions that must exist (default: none; the services
                                        subscribe programmatically)
              --resiliency NAME         Dapr Resiliency that must exist (default: todo-resiliency)
              --kafka-namespace NS      namespace of the Strimzi Kafka (default: kafka)
              --kafka-cluster NAME      Strimzi Kafka name (default: todo-kafka)
              --topics A,B              KafkaTopics that must be Ready (default: the five platform topics)
              --strimzi-api-version V   kafka.strimzi.io version to read (default: v1)
              --wait SECONDS            keep re-checking until everything passes or this time is up (default: 0)
              --help                    this text
            Kubernetes access: the usual kubeconfig / in-cluster service account (KUBECONFIG honoured).
            Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or no cluster access.""";

    public static VerifierOptions defaults() {
        return new VerifierOptions("todo", "todo-app", List.of("kafka-pubsub", "statestore"), List.of(),
                "todo-resiliency", "kafka", "todo-kafka",
                List.of("task-events", "task-updates", "reminders", "task-events-dlq", "reminders-dlq"),
                "v1", Duration.ZERO);
    }

    /** Parses the command line; throws IllegalArgumentException with a readable message on bad input. */
    public static VerifierOptions parse(String... args) {
        VerifierOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            o = switch (flag) {
                case "--namespace" -> new VerifierOptions(value, o.release, o.components, o.subscriptions, o.resiliency,
                        o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--release" -> new VerifierOptions(o.namespace, value, o.components, o.subscriptions, o.resiliency,
                        o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--components" -> new VerifierOptions(o.namespace, o.release, list(value), o.subscriptions,
                        o.resiliency, o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--subscriptions" -> new VerifierOptions(o.namespace, o.release, o.components, list(value),
                        o.resiliency, o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--resiliency" -> new VerifierOptions(o.namespace, o.release, o.components, o.subscriptions,
                        value, o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--kafka-namespace" -> new VerifierOptions(o.namespace, o.release, o.components, o.subscriptions,
                        o.resiliency, value, o.kafkaCluster, o.topics, o.strimziApiVersion, o.waitFor);
                case "--kafka-cluster" -> new VerifierOptions(o.namespace, o.release, o.components, o.subscriptions,
                        o.resiliency, o.kafkaNamespace, value, o.topics, o.strimziApiVersion, o.waitFor);
                case "--topics" -> new VerifierOptions(o.namespace, o.release, o.components, o.subscriptions,
                        o.resiliency, o.kafkaNamespace, o.kafkaCluster, list(value), o.strimziApiVersion, o.waitFor);
                case "--strimzi-api-version" -> new VerifierOptions(o.namespace, o.release, o.components,
                        o.subscriptions, o.resiliency, o.kafkaNamespace, o.kafkaCluster, o.topics, value, o.waitFor);
                case "--wait" -> new VerifierOptions(o.namespace, o.release, o.components, o.subscriptions,
                        o.resiliency, o.kafkaNamespace, o.kafkaCluster, o.topics, o.strimziApiVersion, seconds(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        return o;
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

    /** Signals --help: print usage and exit 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }
}
