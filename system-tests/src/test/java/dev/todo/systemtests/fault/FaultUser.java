package dev.todo.systemtests.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.localstack.DemoToken;
import dev.todo.localstack.KafkaBroker;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.PostgresServer;
import dev.todo.localstack.ServiceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A fresh user of the stack for a fault test, and the three places the test reads the truth from: the API
 * (what the user was told), todo-api's tables (what was committed) and the task-events topic (what was published).
 */
final class FaultUser implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String userId = "fault-" + UUID.randomUUID();
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final KafkaConsumer<String, String> consumer;
    /** task id → how many {@code created} events for it were read from task-events */
    private final Map<Long, Integer> created = new HashMap<>();
    /** task id → its events read from task-events, in topic order */
    private final Map<Long, List<JsonNode>> events = new HashMap<>();

    FaultUser(LocalStack stack) {
        this.token = DemoToken.sign(userId, stack.secrets().jwtSecret(), Clock.systemUTC());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.BOOTSTRAP);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
    }

    /** POST /tasks; the created task's id, or an exception if todo-api did not answer 201. */
    long createTask(String body) {
        HttpResponse<String> response = send("POST", ServiceSpec.TODO_API.appUrl() + "/api/" + userId + "/tasks", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body()).get("id").asLong();
    }

    /** PATCH /tasks/{id} (JSON merge patch); an exception if todo-api did not answer 200. */
    void updateTask(long id, String patch) {
        HttpResponse<String> response = send("PATCH", ServiceSpec.TODO_API.appUrl() + "/api/" + userId + "/tasks/" + id,
                patch, "application/merge-patch+json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("update answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** notification-service's count of this user's notifications, and the task ids they are for. */
    List<Long> notificationTaskIds() {
        HttpResponse<String> response = send("GET",
                ServiceSpec.NOTIFICATION_SERVICE.appUrl() + "/api/" + userId + "/notifications?size=200", null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("notifications answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body()).findValues("task_id").stream().map(JsonNode::asLong).toList();
    }

    /** Ids of this user's tasks committed in todo-api's database. */
    Set<Long> committedTaskIds() {
        try (Connection c = DriverManager.getConnection(PostgresServer.jdbcUrl("todo_api"), PostgresServer.USER,
                PostgresServer.PASSWORD);
             PreparedStatement s = c.prepareStatement("select id from tasks where user_id = ?")) {
            s.setString(1, userId);
            Set<Long> ids = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads task-events from the beginning (first call) or from where it stopped; returns the created counts. */
    Map<Long, Integer> createdEventsSoFar() {
        readTaskEvents();
        return Map.copyOf(created);
    }

    /** Reads task-events as {@link #createdEventsSoFar} does; this user's events of every type, per task. */
    Map<Long, List<JsonNode>> taskEventsSoFar() {
        readTaskEvents();
        return Map.copyOf(events);
    }

    private void readTaskEvents() {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = consumer.partitionsFor("task-events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            JsonNode event = taskEvent(record.value());
            if (event == null || !userId.equals(event.path("user_id").asText())) {
                continue;
            }
            long taskId = event.get("task_id").asLong();
            events.computeIfAbsent(taskId, id -> new ArrayList<>()).add(event);
            if ("created".equals(event.path("event_type").asText())) {
                created.merge(taskId, 1, Integer::sum);
            }
        }
    }

    private static JsonNode taskEvent(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode data = node.get("data");
            if (data != null && data.isTextual()) {
                data = JSON.readTree(data.asText());
            }
            return data != null && data.isObject() ? data : node;
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse<String> send(String method, String url, String body) {
        return send(method, url, body, "application/json");
    }

    private HttpResponse<String> send(String method, String url, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
