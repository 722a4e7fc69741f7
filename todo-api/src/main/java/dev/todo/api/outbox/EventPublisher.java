package dev.todo.api.outbox;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.todo.common.dapr.DaprSidecarGrpc;
import dev.todo.common.events.Topics;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprProtos.BulkPublishRequest;
import io.dapr.v1.DaprProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprProtos.BulkPublishResponse;
import io.dapr.v1.DaprProtos.BulkPublishResponseFailedEntry;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.springframework.stereotype.Component;

/**
 * Publishes a wave of outbox rows through the Dapr sidecar with one bulk publish per topic, the topics' calls at
 * once. The task id is each entry's Kafka partition key, so one task's events stay in order (a wave holds at most
 * one row per task, see {@link WaveDispatcher}); the outbox row id is the entry id daprd names a failed entry by.
 *
 * <p>Each entry is the event's whole CloudEvent ({@link CloudEventEnvelope}: the outbox event id as its id, the
 * event type's CloudEvent type, the context of the entry's producer span from {@link PublishSpans}), published as
 * a raw payload: daprd passes it to Kafka as it is instead of decoding the payload and encoding an envelope of its
 * own for every entry, which was half of its CPU under load (issue 12). On Kafka it is the same envelope.
 */
@Component
public class EventPublisher implements OutboxPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final String RAW_PAYLOAD = "rawPayload";

    private final DaprSidecarGrpc dapr;
    private final PublishSpans spans;
    private final Clock clock;

    public EventPublisher(DaprSidecarGrpc dapr, PublishSpans spans, Clock clock) {
        this.dapr = dapr;
        this.spans = spans;
        this.clock = clock;
    }

    @Override
    public Map<Long, String> publish(List<PendingEvent> wave) {
        Map<String, BulkPublishRequest.Builder> byTopic = new LinkedHashMap<>();
        List<Map.Entry<Long, Span>> started = new ArrayList<>();
        Instant now = clock.instant();
        for (PendingEvent event : wave) {
            for (String topic : topicsFor(event)) {
                Span span = spans.start(event, topic);
                started.add(Map.entry(event.id(), span));
                ByteString envelope = CloudEventEnvelope.of(event, topic, spans.context(span, event), now);
                byTopic.computeIfAbsent(topic, t -> BulkPublishRequest.newBuilder().setPubsubName(Topics.PUBSUB)
                        .setTopic(t).putMetadata(RAW_PAYLOAD, "true")).addEntries(BulkPublishRequestEntry.newBuilder()
                        .setEntryId(Long.toString(event.id())).setEvent(envelope).setContentType(CONTENT_TYPE)
                        .putMetadata(Topics.PARTITION_KEY, Long.toString(event.taskId())));
            }
        }
        Map<Long, String> failed = new HashMap<>();
        try {
            // every topic's call first, then the answers: the calls run at once, each under the same deadline
            DaprGrpc.DaprFutureStub sidecar = dapr.futures(TIMEOUT);
            List<BulkPublishRequest> requests = byTopic.values().stream().map(BulkPublishRequest.Builder::build).toList();
            List<ListenableFuture<BulkPublishResponse>> calls =
                    requests.stream().map(sidecar::bulkPublishEventAlpha1).toList();
            for (int i = 0; i < requests.size(); i++) {
                collectFailures(requests.get(i), calls.get(i), failed);
            }
        } finally {
            for (Map.Entry<Long, Span> publish : started) {
                String error = failed.get(publish.getKey());
                if (error != null) {
                    publish.getValue().tag("error", error);
                }
                publish.getValue().end();
            }
        }
        return failed;
    }

    /** A failed entry, or the whole call failing (the deadline included), marks its rows failed. */
    private static void collectFailures(BulkPublishRequest request, ListenableFuture<BulkPublishResponse> call,
                                        Map<Long, String> failed) {
        String topic = request.getTopic();
        try {
            for (BulkPublishResponseFailedEntry entry : call.get().getFailedEntriesList()) {
                failed.putIfAbsent(Long.parseLong(entry.getEntryId()), topic + ": " + entry.getError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            markAll(request, topic + ": interrupted", failed);
        } catch (ExecutionException e) {
            markAll(request, topic + ": " + rootMessage(e), failed);
        }
    }

    private static void markAll(BulkPublishRequest request, String error, Map<Long, String> failed) {
        request.getEntriesList().forEach(entry -> failed.putIfAbsent(Long.parseLong(entry.getEntryId()), error));
    }

    /** A task event goes to the recurrence consumers and to the live-update consumers alike. */
    static List<String> topicsFor(PendingEvent event) {
        if (Topics.TASK_EVENTS.equals(event.topic())) {
            return List.of(Topics.TASK_EVENTS, Topics.TASK_UPDATES);
        }
        return List.of(event.topic());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
