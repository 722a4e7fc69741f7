package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.todo.common.test.InMemoryTracing;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import io.dapr.client.domain.BulkPublishResponse;
import io.dapr.client.domain.BulkPublishResponseFailedEntry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What the relay hands daprd for a wave: one bulk request per topic, each entry keyed, typed and traced. */
class EventPublisherTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final DaprClient dapr = mock(DaprClient.class, withSettings().extraInterfaces(DaprPreviewClient.class));
    private final List<BulkPublishRequest<byte[]>> requests = Collections.synchronizedList(new ArrayList<>());

    @SuppressWarnings("unchecked")
    private EventPublisher publisher(TraceParents traceParents,
            Function<BulkPublishRequest<byte[]>, Mono<BulkPublishResponse<byte[]>>> sidecar) {
        when(((DaprPreviewClient) dapr).publishEvents(any(BulkPublishRequest.class))).thenAnswer(call -> {
            BulkPublishRequest<byte[]> request = call.getArgument(0);
            requests.add(request);
            return sidecar.apply(request);
        });
        return new EventPublisher(dapr, new PublishSpans(traceParents));
    }

    private EventPublisher publisher(TraceParents traceParents) {
        return publisher(traceParents, request -> Mono.just(new BulkPublishResponse<>(List.of())));
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
        BulkPublishRequest<byte[]> taskEvents = request("task-events");
        assertThat(taskEvents.getPubsubName()).isEqualTo("kafka-pubsub");
        assertThat(taskEvents.getEntries()).extracting(BulkPublishEntry::getEntryId).containsExactly("1", "2");
        BulkPublishEntry<byte[]> entry = taskEvents.getEntries().get(0);
        assertThat(entry.getContentType()).isEqualTo("application/json");
        assertThat(new String(entry.getEvent(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(entry.getMetadata()).containsEntry("partitionKey", "10")
                .containsEntry("cloudevent.id", first.eventId().toString())
                .containsEntry("cloudevent.type", "dev.todo.task.created.v1");
        assertThat(request("task-updates").getEntries()).extracting(BulkPublishEntry::getEntryId)
                .containsExactly("1", "2");
    }

    @Test
    void aFailedEntryFailsOnlyItsRowAndAFailedCallFailsTheRowsOfItsTopic() {
        EventPublisher publisher = publisher(noTracing(), request -> switch (request.getTopic()) {
            case "task-updates" -> Mono.just(new BulkPublishResponse<>(List.of(
                    new BulkPublishResponseFailedEntry<>(request.getEntries().get(1), "broker said no"))));
            case "reminders" -> Mono.error(new IllegalStateException("PERMISSION_DENIED: topic not allowed"));
            default -> Mono.just(new BulkPublishResponse<>(List.of()));
        });

        Map<Long, String> failed = publisher.publish(List.of(event(1, 10, "task-events", null),
                event(2, 20, "task-events", null), event(3, 30, "reminders", null)));

        assertThat(failed).containsOnlyKeys(2L, 3L);
        assertThat(failed.get(2L)).isEqualTo("task-updates: broker said no");
        assertThat(failed.get(3L)).isEqualTo("reminders: IllegalStateException: PERMISSION_DENIED: topic not allowed");
    }

    @Test
    void eachEntryIsPublishedInASpanOfItsRowsStoredTraceNamedInItsCloudEvent() {
        try (InMemoryTracing tracing = new InMemoryTracing()) {
            publisher(tracing.traceParents()).publish(List.of(event(1, 42, "task-events", STORED)));

            for (String topic : List.of("task-events", "task-updates")) {
                String inEnvelope = request(topic).getEntries().get(0).getMetadata().get("cloudevent.traceparent");
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

            assertThat(request("reminders").getEntries()).singleElement()
                    .extracting(entry -> entry.getMetadata().get("cloudevent.traceparent"))
                    .asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void withTracingOffTheMetadataIsAsBefore() {
        publisher(noTracing()).publish(List.of(event(1, 42, "reminders", STORED)));

        assertThat(request("reminders").getEntries()).singleElement().extracting(BulkPublishEntry::getMetadata)
                .satisfies(metadata -> assertThat(metadata).containsOnlyKeys("partitionKey", "cloudevent.id",
                        "cloudevent.type"));
    }

    private BulkPublishRequest<byte[]> request(String topic) {
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
