package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** One record: where it is, its producer timestamp, its key and its value (a Dapr CloudEvent whose data is the event). */
    record Record(int partition, long offset, String timestamp, String key, JsonNode cloudEvent, JsonNode event) {

        String eventId() {
            return event.path("event_id").asText();
        }

        /** "event_id @ partition:offset (timestamp)" for failure messages. */
        String where() {
            return eventId() + " @ " + partition + ":" + offset + " (" + timestamp + ")";
        }

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
                "--property", "print.timestamp=true",
                "--property", "print.partition=true",
                "--property", "print.offset=true",
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

    /**
     * "CreateTime:ms TAB Partition:p TAB Offset:o TAB key TAB value" lines whose value is a JSON object; log lines and
     * stack traces are skipped.
     */
    static List<Record> parse(String stdout) {
        List<Record> records = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] f = line.split("\t", 5);
            if (f.length != 5 || !f[1].startsWith("Partition:") || !f[2].startsWith("Offset:")) {
                continue;
            }
            String value = f[4].trim();
            if (!value.startsWith("{")) {
                continue;
            }
            try {
                JsonNode cloudEvent = JSON.readTree(value);
                records.add(new Record(Integer.parseInt(f[1].substring("Partition:".length())),
                        Long.parseLong(f[2].substring("Offset:".length())), timestamp(f[0]), f[3], cloudEvent,
                        data(cloudEvent)));
            } catch (IOException | NumberFormatException notARecord) {
                // a log line that happened to look like one
            }
        }
        return records;
    }

    /** "CreateTime:1795762483790" as an instant; anything else as printed. */
    private static String timestamp(String field) {
        int colon = field.indexOf(':');
        try {
            return java.time.Instant.ofEpochMilli(Long.parseLong(field.substring(colon + 1))).toString();
        } catch (RuntimeException e) {
            return field;
        }
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

    /** Tasks whose created records are not exactly one, each with its records (event id, position, timestamp). */
    static Map<Long, List<String>> notExactlyOne(Map<Long, List<Record>> created) {
        Map<Long, List<String>> offending = new java.util.TreeMap<>();
        created.forEach((id, records) -> {
            if (records.size() != 1) {
                offending.put(id, records.stream().map(Record::where).toList());
            }
        });
        return offending;
    }

    /** Tasks with more than one distinct created event (different event ids), not copies of one event. */
    static Map<Long, List<String>> distinctCreatedEventsNotOne(Map<Long, List<Record>> created) {
        Map<Long, List<String>> offending = new java.util.TreeMap<>();
        created.forEach((id, records) -> {
            List<String> ids = records.stream().map(Record::eventId).distinct().toList();
            if (ids.size() != 1) {
                offending.put(id, ids);
            }
        });
        return offending;
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

    /**
     * Each of {@code tasks} has exactly one created event (one event id) keyed by its id, and no other task of the
     * user has one. Publishing is at least once (SPEC §3): a produce retried by daprd's Kafka client after it had
     * reached the broker writes a copy with the same event id, which every consumer drops as already processed, so
     * copies are printed, not failed; two different events for one task are.
     */
    static void assertOneCreatedEventEach(Map<Long, List<Record>> created, Set<Long> tasks, String tasksAre) {
        Map<Long, List<String>> copies = notExactlyOne(created);
        if (!copies.isEmpty()) {
            System.out.printf("%d of %d tasks have copies of their created event on task-events: %s%n",
                    copies.size(), created.size(), copies);
        }
        assertThat(distinctCreatedEventsNotOne(created))
                .as("task id -> distinct created event ids, where not exactly one (of %d %s)", tasks.size(), tasksAre)
                .isEmpty();
        Set<Long> unexpected = new TreeSet<>(created.keySet());
        unexpected.removeAll(tasks);
        assertThat(unexpected).as("created events for tasks other than the %s", tasksAre)
                .isEmpty();
        assertThat(created.entrySet()).as("Kafka key = task id")
                .allSatisfy(e -> assertThat(e.getValue())
                        .allSatisfy(r -> assertThat(r.key())
                                .isEqualTo(String.valueOf(e.getKey()))));
    }
}
