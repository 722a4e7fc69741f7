package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.todo.common.test.InMemoryTracing;
import dev.todo.common.tracing.DaprCallTracing;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.PublishEventRequest;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What the relay hands daprd for one event: the stored trace continued, per event and per topic. */
class EventPublisherTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final DaprClient dapr = mock(DaprClient.class);
    private final List<PublishEventRequest> requests = new ArrayList<>();
    private final List<String> contextTraceparents = new ArrayList<>();

    private EventPublisher publisher(TraceParents traceParents) {
        when(dapr.publishEvent(any(PublishEventRequest.class))).thenAnswer(call -> {
            requests.add(call.getArgument(0));
            return Mono.deferContextual(context -> {
                contextTraceparents.add(context.getOrDefault("traceparent", "none"));
                return Mono.empty();
            });
        });
        return new EventPublisher(dapr, new PublishSpans(traceParents), new DaprCallTracing(traceParents));
    }

    @Test
    void eachTopicIsPublishedInASpanOfTheStoredTraceNamedInTheCloudEvent() {
        try (InMemoryTracing tracing = new InMemoryTracing()) {
            publisher(tracing.traceParents()).publish(event("task-events", STORED));

            assertThat(requests).extracting(PublishEventRequest::getTopic).containsExactly("task-events", "task-updates");
            for (int i = 0; i < 2; i++) {
                String inEnvelope = requests.get(i).getMetadata().get("cloudevent.traceparent");
                assertThat(inEnvelope).startsWith("00-0af7651916cd43dd8448eb211c80319c-").isNotEqualTo(STORED);
                // daprd's own span of the call is a child of the same publish span
                assertThat(contextTraceparents.get(i)).isEqualTo(inEnvelope);
            }
            assertThat(tracing.endedNames()).containsExactly("publish task-events", "publish task-updates");
            assertThat(tracing.ended()).extracting(span -> span.getParentSpanId()).containsOnly("b7ad6b7169203331");
        }
    }

    @Test
    void aRowWithoutStoredContextIsPublishedInATraceOfItsOwn() {
        try (InMemoryTracing tracing = new InMemoryTracing()) {
            publisher(tracing.traceParents()).publish(event("reminders", null));

            assertThat(requests).singleElement().extracting(r -> r.getMetadata().get("cloudevent.traceparent"))
                    .asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void withTracingOffTheMetadataIsAsBefore() {
        publisher(new TraceParents(Tracer.NOOP, Propagator.NOOP)).publish(event("reminders", STORED));

        assertThat(requests).singleElement().extracting(PublishEventRequest::getMetadata)
                .satisfies(metadata -> assertThat(metadata).containsOnlyKeys("partitionKey", "cloudevent.id",
                        "cloudevent.type"));
        assertThat(contextTraceparents).containsExactly("none");
    }

    private static PendingEvent event(String topic, String traceparent) {
        return new PendingEvent(1, UUID.randomUUID(), 42, topic, "created", "{}", Instant.now(), traceparent);
    }
}
