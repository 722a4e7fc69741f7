package dev.todo.recurring.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.BulkDelivery;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.recurring.support.RealDaprd;
import io.dapr.Rule;
import io.dapr.Topic;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import io.dapr.client.domain.PublishEventRequest;
import io.dapr.springboot.annotations.BulkSubscribe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * recurring-service behind a real daprd (the project's 1.18.2 build) whose pub/sub is Dapr's in-memory broker
 * under the production component name, subscribed in bulk as in production: which entries the handler reads and
 * which daprd dead-letters is decided by daprd itself. Each task event carries data that is not a TaskEvent, so
 * wherever the handler reads one it answers DROP: an event that is acknowledged without a DROP was never read by
 * the handler. The outcomes are counted per entry, so an acknowledgement counted at all was a bulk delivery.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "todo.security.app-api-token=" + TaskEventRoutingWithDaprdIT.APP_TOKEN,
        "todo.dapr.api-token=" + TaskEventRoutingWithDaprdIT.DAPR_TOKEN})
@AutoConfigureObservability(tracing = false)
@Import(TaskEventRoutingWithDaprdIT.Probe.class)
class TaskEventRoutingWithDaprdIT {

    static final String APP_TOKEN = "it-app-token";
    static final String DAPR_TOKEN = "it-dapr-token";
    private static final int APP_PORT = RealDaprd.freePort();
    private static final String UNROUTED = "routing-probe";
    private static final String UNROUTED_DLQ = "routing-probe-dlq";
    private static final List<String> TASK_EVENTS_DEAD_LETTERS = new CopyOnWriteArrayList<>();
    private static final List<String> UNROUTED_DEAD_LETTERS = new CopyOnWriteArrayList<>();
    private static final List<String> UNROUTED_MATCHED = new CopyOnWriteArrayList<>();
    private static RealDaprd daprd;

    @DynamicPropertySource
    static void sidecar(DynamicPropertyRegistry registry) {
        daprd = RealDaprd.start("recurring-service", APP_PORT, APP_TOKEN, DAPR_TOKEN, Map.of(
                "pubsub.yaml", component(Topics.PUBSUB, "pubsub.in-memory"),
                "statestore.yaml", component("statestore", "state.in-memory")));
        registry.add("server.port", () -> APP_PORT);
        registry.add("todo.dapr.http-port", () -> daprd.httpPort);
        registry.add("todo.dapr.grpc-port", () -> daprd.grpcPort);
    }

    private static String component(String name, String type) {
        return """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: %s
                  version: v1
                """.formatted(name, type);
    }

    @AfterAll
    static void stopSidecar() {
        if (daprd != null) {
            daprd.close();
        }
    }

    @Autowired
    DaprClient dapr;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void sidecarReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> daprd.ready(DAPR_TOKEN));
    }

    @Test
    void taskEventsTheServiceNeverActsOnAreAcknowledgedUnreadAndNotDeadLettered() {
        double successes = answered(DaprAppResponse.Status.SUCCESS);
        double drops = answered(DaprAppResponse.Status.DROP);
        List<String> ignored = List.of(publish(Topics.TASK_EVENTS, CloudEventTypes.TASK_CREATED),
                publish(Topics.TASK_EVENTS, CloudEventTypes.TASK_UPDATED),
                publish(Topics.TASK_EVENTS, CloudEventTypes.TASK_DELETED));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> answered(DaprAppResponse.Status.SUCCESS) - successes >= ignored.size());

        // read by the handler, found unreadable, dead-lettered by daprd: what every event would go through unskipped
        String completed = publish(Topics.TASK_EVENTS, CloudEventTypes.TASK_COMPLETED);
        await().atMost(Duration.ofSeconds(20)).until(() -> TASK_EVENTS_DEAD_LETTERS.contains(completed));

        assertThat(answered(DaprAppResponse.Status.DROP) - drops).isEqualTo(1);
        assertThat(TASK_EVENTS_DEAD_LETTERS).doesNotContainAnyElementsOf(ignored);
    }

    @Test
    void completionsUncompletionsAndUnknownTypesReachTheHandler() {
        double drops = answered(DaprAppResponse.Status.DROP);
        List<String> handled = List.of(publish(Topics.TASK_EVENTS, CloudEventTypes.TASK_UNCOMPLETED),
                // published before the types were versioned, or by hand: the handler decides on the payload
                publish(Topics.TASK_EVENTS, "dev.todo.completed"),
                publish(Topics.TASK_EVENTS, "com.dapr.event.sent"));

        await().atMost(Duration.ofSeconds(20)).until(() -> TASK_EVENTS_DEAD_LETTERS.containsAll(handled));
        assertThat(answered(DaprAppResponse.Status.DROP) - drops).isEqualTo(handled.size());
    }

    /**
     * Why task-events has no routing rule that would leave the uninteresting events unmatched: daprd dead-letters an
     * entry no rule matches, in a bulk subscription as per message (dapr/dapr#8297).
     */
    @Test
    void daprdDeadLettersAnEventThatNoRuleMatches() {
        String matched = publish(UNROUTED, "wanted");
        String unmatched = publish(UNROUTED, "unwanted");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(UNROUTED_MATCHED).contains(matched).doesNotContain(unmatched);
            assertThat(UNROUTED_DEAD_LETTERS).contains(unmatched).doesNotContain(matched);
        });
    }

    /** Publishes the way todo-api's EventPublisher does; the data is never a valid TaskEvent. */
    private String publish(String topic, String cloudEventType) {
        String id = UUID.randomUUID().toString();
        dapr.publishEvent(new PublishEventRequest(Topics.PUBSUB, topic,
                        "{\"event_type\":\"completed\"}".getBytes(StandardCharsets.UTF_8))
                        .setContentType("application/json")
                        .setMetadata(Map.of(Topics.PARTITION_KEY, "1", "cloudevent.id", id,
                                "cloudevent.type", cloudEventType)))
                .block(Duration.ofSeconds(10));
        return id;
    }

    private double answered(DaprAppResponse.Status status) {
        return meters.get("todo.pubsub.messages").tags("topic", Topics.TASK_EVENTS, "outcome", status.name())
                .counter().count();
    }

    /** Test-only subscriptions that show where daprd sends what. */
    @RestController
    static class Probe {

        private final ObjectMapper json;

        Probe(ObjectMapper json) {
            this.json = json;
        }

        @Topic(name = Topics.TASK_EVENTS_DLQ, pubsubName = Topics.PUBSUB)
        @PostMapping("/events/probe/task-events-dlq")
        ResponseEntity<DaprAppResponse> taskEventsDeadLetter(@RequestBody byte[] body) throws Exception {
            return record(TASK_EVENTS_DEAD_LETTERS, body);
        }

        @Topic(name = UNROUTED, pubsubName = Topics.PUBSUB, deadLetterTopic = UNROUTED_DLQ,
                rule = @Rule(match = "event.type == 'wanted'", priority = 1))
        @BulkSubscribe(maxMessagesCount = BulkDelivery.MAX_MESSAGES, maxAwaitDurationMs = BulkDelivery.SHORT_AWAIT_MS)
        @PostMapping("/events/probe/wanted")
        ResponseEntity<BulkSubscribeAppResponse> wanted(@RequestBody byte[] body) throws Exception {
            List<BulkSubscribeAppResponseEntry> statuses = new ArrayList<>();
            for (JsonNode entry : json.readTree(body).path("entries")) {
                UNROUTED_MATCHED.add(entry.path("event").path("id").asText());
                statuses.add(new BulkSubscribeAppResponseEntry(entry.path("entryId").asText(),
                        BulkSubscribeAppResponseStatus.SUCCESS));
            }
            return ResponseEntity.ok(new BulkSubscribeAppResponse(statuses));
        }

        @Topic(name = UNROUTED_DLQ, pubsubName = Topics.PUBSUB)
        @PostMapping("/events/probe/routing-probe-dlq")
        ResponseEntity<DaprAppResponse> unroutedDeadLetter(@RequestBody byte[] body) throws Exception {
            return record(UNROUTED_DEAD_LETTERS, body);
        }

        private ResponseEntity<DaprAppResponse> record(List<String> ids, byte[] body) throws Exception {
            ids.add(json.readTree(body).path("id").asText());
            return DaprAppResponse.success();
        }
    }
}
