package dev.todo.api.outbox;

import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.Topics;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes a wave of outbox rows through the Dapr sidecar with one bulk publish per topic, the topics' calls at
 * once. The task id is each entry's Kafka partition key, so one task's events stay in order (a wave holds at most
 * one row per task, see {@link WaveDispatcher}); the outbox event id becomes the CloudEvent id, so consumers can
 * recognise a redelivery; the outbox row id is the entry id daprd names a failed entry by.
 *
 * <p>Each entry is published in a producer span continuing the row's stored trace context ({@link PublishSpans});
 * that span's {@code traceparent} goes into the entry's metadata and becomes the CloudEvent's, which is the context
 * daprd hands every subscriber.
 */
@Component
public class EventPublisher implements OutboxPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CONTENT_TYPE = "application/json";

    private final DaprPreviewClient dapr;
    private final PublishSpans spans;

    public EventPublisher(DaprClient dapr, PublishSpans spans) {
        // the SDK's client implements both; bulk publish is on the preview interface (as the Jobs API is)
        this.dapr = (DaprPreviewClient) dapr;
        this.spans = spans;
    }

    @Override
    public Map<Long, String> publish(List<PendingEvent> wave) {
        Map<String, List<BulkPublishEntry<byte[]>>> byTopic = new LinkedHashMap<>();
        List<Map.Entry<Long, Span>> started = new ArrayList<>();
        for (PendingEvent event : wave) {
            byte[] payload = event.payload().getBytes(StandardCharsets.UTF_8);
            for (String topic : topicsFor(event)) {
                Span span = spans.start(event, topic);
                started.add(Map.entry(event.id(), span));
                Map<String, String> metadata = new HashMap<>(Map.of(
                        Topics.PARTITION_KEY, Long.toString(event.taskId()),
                        "cloudevent.id", event.eventId().toString(),
                        "cloudevent.type", CloudEventTypes.forEventType(event.eventType())));
                metadata.putAll(spans.cloudEventMetadata(span));
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                        .add(new BulkPublishEntry<>(Long.toString(event.id()), payload, CONTENT_TYPE, metadata));
            }
        }
        Map<Long, String> failed = new ConcurrentHashMap<>();
        List<Mono<Void>> calls = byTopic.entrySet().stream()
                .map(topic -> publishTopic(topic.getKey(), topic.getValue(), failed))
                .toList();
        try {
            Mono.when(calls).block(TIMEOUT);
        } catch (RuntimeException e) {
            // the wave timed out as a whole: whatever daprd did not answer for counts as not published
            wave.forEach(event -> failed.putIfAbsent(event.id(), rootMessage(e)));
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

    /** One topic's bulk call; a failed entry, or the whole call failing, marks its rows failed. */
    private Mono<Void> publishTopic(String topic, List<BulkPublishEntry<byte[]>> entries, Map<Long, String> failed) {
        return dapr.publishEvents(new BulkPublishRequest<>(Topics.PUBSUB, topic, entries))
                .doOnNext(response -> response.getFailedEntries().forEach(entry -> failed.putIfAbsent(
                        Long.parseLong(entry.getEntry().getEntryId()), topic + ": " + entry.getErrorMessage())))
                .onErrorResume(e -> {
                    entries.forEach(entry -> failed.putIfAbsent(Long.parseLong(entry.getEntryId()),
                            topic + ": " + rootMessage(e)));
                    return Mono.empty();
                })
                .then();
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
