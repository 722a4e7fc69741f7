package dev.todo.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic as an operator would on this cluster: {@code kubectl exec} into the Kafka pod and run Kafka's own
 * console consumer there against {@code localhost:9092}, from the beginning, printing keys. The image has Kafka's
 * jars in /opt/kafka/libs and no shell scripts, so the consumer is started by its main class.
 */
final class KafkaTopic {

    static final ObjectMapper JSON = new ObjectMapper();

    /** kafka-console-consumer.sh's main class in Kafka 4.x (kafka-tools 4.1.1). */
    static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    static final String CLASS_PATH = "/opt/kafka/libs/*";
    static final String BOOTSTRAP = "localhost:9092";
    /**
     * A second JVM runs inside the broker's container, under its memory limit: keep it small. No perf-data file
     * (the root file system may be read-only).
     */
    static final List<String> CONSUMER_JVM_OPTIONS = List.of("-Xms16m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
    /** The consumer ends after this long without a new record: the topic has been read to its end. */
    static final Duration IDLE_END = Duration.ofSeconds(10);
    static final Duration EXEC_TIMEOUT = Duration.ofMinutes(3);

    /** One record: its key and its value, a Dapr CloudEvent whose data is the event. */
    record Record(String key, JsonNode cloudEvent, JsonNode event) {

        String eventType() {
            return event.path("event_type").asText();
        }

        long taskId() {
            return event.path("task_id").asLong();
        }

        String userId() {
            return event.path("user_id").asText();
        }
    }

    private KafkaTopic() {
    }

    /** Every record now on the topic (lines the consumer printed that are not records are ignored). */
    static List<Record> readAll(Cluster cluster, String topic) {
        Pod kafka = cluster.kafkaPod().orElseThrow(() -> new AssertionError("Kafka: no running pod labelled "
                + cluster.state.kafkaPodSelector() + " in namespace " + cluster.state.kafkaNamespace()));
        List<String> args = new ArrayList<>(List.of("exec", "-n", kafka.getMetadata().getNamespace(),
                kafka.getMetadata().getName()));
        if (kafka.getSpec().getContainers().size() > 1) {
            String container = kafka.getSpec().getContainers().stream().map(c -> c.getName())
                    .filter("kafka"::equals).findFirst().orElse(kafka.getSpec().getContainers().get(0).getName());
            args.addAll(List.of("-c", container));
        }
        args.add("--");
        args.add("java");
        args.addAll(CONSUMER_JVM_OPTIONS);
        args.addAll(List.of("-cp", CLASS_PATH, CONSOLE_CONSUMER,
                "--bootstrap-server", BOOTSTRAP,
                "--topic", topic,
                "--from-beginning",
                "--property", "print.key=true",
                "--consumer-property", "enable.auto.commit=false",
                "--timeout-ms", String.valueOf(IDLE_END.toMillis())));
        Cli.Result result = Cli.kubectl(cluster.state, EXEC_TIMEOUT, null, args.toArray(String[]::new));
        if (!result.ok()) {
            throw new AssertionError("Kafka: the console consumer in pod " + kafka.getMetadata().getName()
                    + " could not read " + topic + ":\n" + result.describe());
        }
        return parse(result.stdout());
    }

    /** "key TAB value" lines whose value is a JSON object; log lines and stack traces are skipped. */
    static List<Record> parse(String stdout) {
        List<Record> records = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            String value = line.substring(tab + 1).trim();
            if (!value.startsWith("{")) {
                continue;
            }
            try {
                JsonNode cloudEvent = JSON.readTree(value);
                records.add(new Record(line.substring(0, tab), cloudEvent, data(cloudEvent)));
            } catch (IOException notARecord) {
                // a log line that happened to contain a tab
            }
        }
        return records;
    }

    /** Dapr puts a JSON payload in {@code data}; one sent as text arrives as a JSON string. */
    static JsonNode data(JsonNode cloudEvent) {
        JsonNode data = cloudEvent.path("data");
        if (data.isTextual()) {
            try {
                return JSON.readTree(data.asText());
            } catch (IOException e) {
                return data;
            }
        }
        return data.isMissingNode() ? cloudEvent : data;
    }

    /** The user's {@code created} events on task-events, by task id, each list in topic order. */
    static Map<Long, List<Record>> createdEvents(List<Record> taskEvents, String userId) {
        Map<Long, List<Record>> created = new LinkedHashMap<>();
        for (Record r : taskEvents) {
            if (userId.equals(r.userId()) && "created".equals(r.eventType())) {
                created.computeIfAbsent(r.taskId(), id -> new ArrayList<>()).add(r);
            }
        }
        return created;
    }
}
