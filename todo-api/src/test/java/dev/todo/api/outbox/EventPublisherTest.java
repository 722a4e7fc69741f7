package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the relay hands daprd for a wave: one bulk request per topic, each entry keyed, typed and traced. */
class EventPublisherTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final BulkPublishResponse ALL_PUBLISHED = BulkPublishResponse.getDefaultInstance();

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
        return new EventPublisher(sidecar.client("relay-token"), new PublishSpans(traceParents));
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
    void aWaveIsOneBulkRequestPerTopicWhoseEntriesCarryTheRowsKeyIdTypeAndPayload() {
        PendingEvent first = event(1, 10, "task-events", null);
        PendingEvent second = event(2, 20, "task-events", null);
        PendingEvent reminder = event(3, 30, "reminders", null);

        Map<Long, String> failed = publisher(noTracing()).publish(List.of(first, second, reminder));

        assertThat(failed).isEmpty();
        assertThat(requests).extracting(BulkPublishRequest::getTopic)
                .containsExactlyInAnyOrder("task-events", "task-updates", "reminders");
        BulkPublishRequest taskEvents = request("task-events");
        assertThat(taskEvents.getPubsubName()).isEqualTo("kafka-pubsub");
        assertThat(taskEvents.getEntriesList()).extracting(BulkPublishRequestEntry::getEntryId)
                .containsExactly("1", "2");
        BulkPublishRequestEntry entry = taskEvents.getEntries(0);
        assertThat(entry.getContentType()).isEqualTo("application/json");
        assertThat(entry.getEvent().toStringUtf8()).isEqualTo("{\"n\":1}");
        assertThat(entry.getMetadataMap()).containsEntry("partitionKey", "10")
                .containsEntry("cloudevent.id", first.eventId().toString())
                .containsEntry("cloudevent.type", "dev.todo.task.created.v1");
        assertThat(request("task-updates").getEntriesList()).extracting(BulkPublishRequestEntry::getEntryId)
                .containsExactly("1", "2");
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
                String inEnvelope = request(topic).getEntries(0).getMetadataMap().get("cloudevent.traceparent");
                assertThat(inEnvelope).startsWith("00-0af7651916cd43dd8448eb211c80319c-").isNotEqualTo(STORED);
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
                    .extracting(entry -> entry.getMetadataMap().get("cloudevent.traceparent"))
                    .asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void withTracingOffTheMetadataIsAsBefore() {
        publisher(noTracing()).publish(List.of(event(1, 42, "reminders", STORED)));

        assertThat(request("reminders").getEntriesList()).singleElement()
                .extracting(BulkPublishRequestEntry::getMetadataMap)
                .satisfies(metadata -> assertThat(metadata).containsOnlyKeys("partitionKey", "cloudevent.id",
                        "cloudevent.type"));
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
