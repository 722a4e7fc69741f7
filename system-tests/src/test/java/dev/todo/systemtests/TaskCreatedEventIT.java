package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.KafkaBroker;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §8 acceptance 2: creating a task through todo-api's REST API puts a {@code created} TaskEvent
 * on {@code task-events} (through the outbox relay, todo-api's daprd and Kafka), read back here by a
 * plain Kafka consumer: record key = task id, CloudEvent data = the TaskEvent of SPEC §3.
 */
@ExtendWith(LocalStackExtension.class)
class TaskCreatedEventIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void creatingATaskPublishesACreatedEventKeyedByTaskId(LocalStack stack) throws Exception {
        String title = "Buy milk " + UUID.randomUUID();
        HttpRequest create = HttpRequest.newBuilder(URI.create(ServiceSpec.TODO_API.appUrl() + "/api/" + DemoToken.DEMO_USER + "/tasks"))
                .header("Authorization", "Bearer " + stack.demoToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"" + title + "\",\"priority\":\"high\",\"tags\":[\"home\"]}"))
                .build();

        HttpResponse<String> response = http.send(create, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).isPresent();
        long taskId = JSON.readTree(response.body()).path("id").asLong();
        assertThat(taskId).isPositive();

        ConsumerRecord<String, String> record = awaitRecordKeyed(String.valueOf(taskId));
        JsonNode cloudEvent = JSON.readTree(record.value());
        assertThat(cloudEvent.path("specversion").asText()).isEqualTo("1.0");
        assertThat(cloudEvent.path("topic").asText()).isEqualTo("task-events");
        JsonNode event = data(cloudEvent);
        assertThat(event.path("event_type").asText()).isEqualTo("created");
        assertThat(event.path("task_id").asLong()).isEqualTo(taskId);
        assertThat(event.path("user_id").asText()).isEqualTo(DemoToken.DEMO_USER);
        assertThat(event.path("schema_version").asInt()).isEqualTo(1);
        assertThat(UUID.fromString(event.path("event_id").asText())).isNotNull();
        assertThat(event.path("timestamp").asText()).isNotBlank();
        JsonNode task = event.path("task_data");
        assertThat(task.path("id").asLong()).isEqualTo(taskId);
        assertThat(task.path("title").asText()).isEqualTo(title);
        assertThat(task.path("priority").asText()).isEqualTo("high");
        assertThat(task.path("completed").asBoolean()).isFalse();
    }

    /**
     * Issue 12: the relay writes its events' CloudEvents itself and publishes them raw, so they must be the envelope
     * daprd writes. daprd's own, for the same TaskEvent published through todo-api's sidecar the usual way (JSON
     * data, CloudEvent id and type as metadata, under a key of its own), is read from the same topic beside it.
     */
    @Test
    void theRelaysCloudEventHasTheFieldsAndFormsOfTheEnvelopeDaprdWrites(LocalStack stack) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ServiceSpec.TODO_API.appUrl()
                        + "/api/" + DemoToken.DEMO_USER + "/tasks"))
                .header("Authorization", "Bearer " + stack.demoToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Envelope\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode relays = JSON.readTree(awaitRecordKeyed(JSON.readTree(response.body()).path("id").asText()).value());

        String key = "envelope-" + UUID.randomUUID();
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(
                        ServiceSpec.TODO_API.daprHttpUrl() + "/v1.0/publish/kafka-pubsub/task-events"
                                + "?metadata.partitionKey=" + key + "&metadata.cloudevent.id=" + UUID.randomUUID()
                                + "&metadata.cloudevent.type=" + relays.path("type").asText()))
                .header("dapr-api-token", stack.secrets().daprApiToken(ServiceSpec.TODO_API))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(relays.path("data")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(204);
        JsonNode daprds = JSON.readTree(awaitRecordKeyed(key).value());

        assertThat(fieldNames(relays)).isEqualTo(fieldNames(daprds));
        for (String same : List.of("data", "datacontenttype", "pubsubname", "source", "specversion", "topic", "type")) {
            assertThat(relays.path(same)).as(same).isEqualTo(daprds.path(same));
        }
        String rfc3339Seconds = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})";
        assertThat(daprds.path("time").asText()).matches(rfc3339Seconds);
        assertThat(relays.path("time").asText()).matches(rfc3339Seconds);
        assertThat(daprds.path("traceid")).isEqualTo(daprds.path("traceparent"));
        assertThat(relays.path("traceid")).isEqualTo(relays.path("traceparent"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    /** Dapr puts JSON payloads in {@code data}; a payload sent as text arrives as a JSON string. */
    private static JsonNode data(JsonNode cloudEvent) throws Exception {
        JsonNode data = cloudEvent.path("data");
        return data.isTextual() ? JSON.readTree(data.asText()) : data;
    }

    private static ConsumerRecord<String, String> awaitRecordKeyed(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("task-events"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }
}
