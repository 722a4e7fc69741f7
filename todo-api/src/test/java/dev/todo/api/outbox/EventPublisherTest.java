package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todo.common.test.FakeDaprSidecar;
import dev.todo.common.test.InMemoryTracing;
import dev.todo.common.tracing.TraceParents;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprProtos.BulkPublishRequest;
import io.dapr.v1.DaprProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprProtos.BulkPublishResponse;
import io.dapr.v1.DaprProtos.BulkPublishResponseFailedEntry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the relay hands daprd for a wave: one bulk request per topic of raw payloads, each entry keyed and its
 * whole CloudEvent (id, type, topic, trace context) written here.
 */
class EventPublisherTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final BulkPublishResponse ALL_PUBLISHED = BulkPublishResponse.getDefaultInstance();
    private static final Instant NOW = Instant.parse("2026-11-28T20:15:30.250Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<BulkPublishRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private FakeDaprSidecar sidecar;

    /** daprd's bulk publish answering each request with {@code answer}'s response, or failing with its exception. */
    private EventPublisher publisher(TraceParents traceParents, Function<BulkPublishRequest, BulkPublishResponse> answer) {
        sidecar = FakeDaprSidecar.serving(new DaprGrpc.DaprImplBase() {
            @Override
            public void bulkPublishEventAlpha1(BulkPublishRequest request, StreamObserver<BulkPublishResponse> reply) {
                requests.add(request);
                try {
                    reply.onNext(answer.apply(request));
                    reply.onCompleted();
                } catch (StatusRuntimeException e) {
                    reply.onError(e);
                }
            }
        });
        return new EventPublisher(sidecar.client("relay-token"), new PublishSpans(traceParents),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private EventPublisher publisher(TraceParents traceParents) {
        return publisher(traceParents, request -> ALL_PUBLISHED);
    }

    @AfterEach
    void stopSidecar() throws InterruptedException {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void aWaveIsOneBulkRequestPerTopicOfRawCloudEventsKeyedByTask() {
        PendingEvent first = event(1, 10, "task-events", null);
        PendingEvent second = event(2, 20, "task-events", null);
        PendingEvent reminder = new PendingEvent(3, UUID.randomUUID(), 30, "reminders", "reminder", "{\"n\":3}",
                Instant.now(), null);

        Map<Long, String> failed = publisher(noTracing()).publish(List.of(first, second, reminder));

        assertThat(failed).isEmpty();
        assertThat(requests).extracting(BulkPublishRequest::getTopic)
                .containsExactlyInAnyOrder("task-events", "task-updates", "reminders");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.getPubsubName()).isEqualTo("kafka-pubsub");
            assertThat(request.getMetadataMap()).containsExactly(Map.entry("rawPayload", "true"));
        });
        BulkPublishRequest taskEvents = request("task-events");
        assertThat(taskEvents.getEntriesList()).extracting(BulkPublishRequestEntry::getEntryId)
                .containsExactly("1", "2");
        BulkPublishRequestEntry entry = taskEvents.getEntries(0);
        assertThat(entry.getContentType()).isEqualTo("application/cloudevents+json");
        assertThat(entry.getMetadataMap()).containsExactly(Map.entry("partitionKey", "10"));
        assertThat(envelope(entry)).isEqualTo(JSON.createObjectNode()
                .<ObjectNode>set("data", JSON.createObjectNode().put("n", 1))
                .put("datacontenttype", "application/json")
                .put("id", first.eventId().toString())
                .put("pubsubname", "kafka-pubsub")
                .put("source", "todo-api")
                .put("specversion", "1.0")
                .put("time", "2026-11-28T20:15:30Z")
                .put("topic", "task-events")
                .put("traceid", "")
                .put("traceparent", "")
                .put("tracestate", "")
                .put("type", "dev.todo.task.created.v1"));
        BulkPublishRequestEntry update = request("task-updates").getEntries(1);
        assertThat(update.getEntryId()).isEqualTo("2");
        assertThat(envelope(update).path("topic").asText()).isEqualTo("task-updates");
        assertThat(envelope(update).path("id").asText()).isEqualTo(second.eventId().toString());
        assertThat(envelope(request("reminders").getEntries(0)).path("type").asText())
                .isEqualTo("dev.todo.reminder.due.v1");
        assertThat(sidecar.apiTokens()).containsOnly("relay-token");
    }

    @Test
    void aFailedEntryFailsOnlyItsRowAndAFailedCallFailsTheRowsOfItsTopic() {
        EventPublisher publisher = publisher(noTracing(), request -> switch (request.getTopic()) {
            case "task-updates" -> BulkPublishResponse.newBuilder().addFailedEntries(BulkPublishResponseFailedEntry
                    .newBuilder().setEntryId(request.getEntries(1).getEntryId()).setError("broker said no")).build();
            case "reminders" -> throw Status.PERMISSION_DENIED.withDescription("topic not allowed").asRuntimeException();
            default -> ALL_PUBLISHED;
        });

        Map<Long, String> failed = publisher.publish(List.of(event(1, 10, "task-events", null),
                event(2, 20, "task-events", null), event(3, 30, "reminders", null)));

        assertThat(failed).containsOnlyKeys(2L, 3L);
        assertThat(failed.get(2L)).isEqualTo("task-updates: broker said no");
        assertThat(failed.get(3L))
                .isEqualTo("reminders: StatusRuntimeException: PERMISSION_DENIED: topic not allowed");
    }

    @Test
    void eachEntryIsPublishedInASpanOfItsRowsStoredTraceNamedInItsCloudEvent() {
        try (InMemoryTracing tracing = new InMemoryTracing()) {
            publisher(tracing.traceParents()).publish(List.of(event(1, 42, "task-events", STORED)));

            for (String topic : List.of("task-events", "task-updates")) {
                JsonNode envelope = envelope(request(topic).getEntries(0));
                String inEnvelope = envelope.path("traceparent").asText();
                assertThat(inEnvelope).startsWith("00-0af7651916cd43dd8448eb211c80319c-").isNotEqualTo(STORED);
                assertThat(envelope.path("traceid").asText()).isEqualTo(inEnvelope);
            }
            assertThat(tracing.endedNames()).containsExactlyInAnyOrder("publish task-events", "publish task-updates");
            assertThat(tracing.ended()).extracting(span -> span.getParentSpanId()).containsOnly("b7ad6b7169203331");
        }
    }

    @Test
    void aRowWithoutStoredContextIsPublishedInATraceOfItsOwn() {
        try (InMemoryTracing tracing = new InMemoryTracing()) {
            publisher(tracing.traceParents()).publish(List.of(event(1, 42, "reminders", null)));

            assertThat(request("reminders").getEntriesList()).singleElement()
                    .extracting(entry -> envelope(entry).path("traceparent").asText())
                    .asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void withTracingOffTheEnvelopeCarriesTheRowsStoredContext() {
        publisher(noTracing()).publish(List.of(event(1, 42, "reminders", STORED)));

        assertThat(request("reminders").getEntriesList()).singleElement()
                .extracting(entry -> envelope(entry).path("traceparent").asText()).isEqualTo(STORED);
    }

    private static JsonNode envelope(BulkPublishRequestEntry entry) {
        try {
            return JSON.readTree(entry.getEvent().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BulkPublishRequest request(String topic) {
        return requests.stream().filter(r -> r.getTopic().equals(topic)).findFirst().orElseThrow();
    }

    private static TraceParents noTracing() {
        return new TraceParents(Tracer.NOOP, Propagator.NOOP);
    }

    private static PendingEvent event(long id, long taskId, String topic, String traceparent) {
        return new PendingEvent(id, UUID.randomUUID(), taskId, topic, "created", "{\"n\":" + id + "}", Instant.now(),
                traceparent);
    }
}
