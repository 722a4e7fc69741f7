package dev.todo.common.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.SubscribedEvent;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import io.micrometer.tracing.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;

/**
 * The bulk variant of {@link CloudEventSubscriber}: daprd posts up to {@code maxMessagesCount} CloudEvents in one
 * request ({@code {"entries":[{"entryId","event",...}]}}) and takes one answer per entry
 * ({@code {"statuses":[{"entryId","status"}]}}). Each entry is read and answered as the single-message skeleton
 * would answer it alone: unreadable → DROP, {@link TransientMessageException} → RETRY, {@link PoisonMessageException}
 * → DROP. An entry left unanswered is a RETRY to daprd, so an unreadable envelope (not daprd's) answers nothing
 * and an unexpected failure propagates as a 500, which daprd retries like a RETRY of the whole batch.
 *
 * <p>daprd's own span of a bulk delivery is per entry (each a child of its entry's {@code traceparent}), but the
 * one HTTP request carries only the last entry's context; so each entry is handled in a span continuing its own
 * CloudEvent {@code traceparent}, and every event's trace still reaches the subscriber.
 */
public class BulkCloudEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(BulkCloudEventSubscriber.class);

    private final ObjectMapper objectMapper;
    private final CloudEventReader reader;
    private final TraceParents traceParents;

    public BulkCloudEventSubscriber(ObjectMapper objectMapper, TraceParents traceParents) {
        this.objectMapper = objectMapper;
        this.reader = new CloudEventReader(objectMapper);
        this.traceParents = traceParents;
    }

    /** Every entry handled on its own. */
    public <T extends SubscribedEvent> ResponseEntity<BulkSubscribeAppResponse> receive(byte[] body,
            Subscription<T> subscription, MessageHandler<T> handler) {
        return receive(body, subscription, Set.of(), handler);
    }

    /**
     * Every entry handled on its own, except those whose CloudEvent {@code type} the service never acts on: they
     * are acknowledged without being read, which is what a routing rule to an empty route did per message.
     */
    public <T extends SubscribedEvent> ResponseEntity<BulkSubscribeAppResponse> receive(byte[] body,
            Subscription<T> subscription, Set<String> typesNotActedOn, MessageHandler<T> handler) {
        Answers answers = new Answers();
        for (Readable<T> entry : readable(body, subscription, typesNotActedOn, answers)) {
            answers.add(entry.entryId(), traceParents.inSpanContinuing(entry.traceparent(), spanName(subscription),
                    Span.Kind.CONSUMER, () -> CloudEventSubscriber.handled(entry.message(), subscription, handler)));
        }
        return answers.response();
    }

    /**
     * All readable entries handed to {@code batch} at once; when it finds one it can never handle, each is handed
     * to {@code single} alone so that only that one is dropped.
     */
    public <T extends SubscribedEvent> ResponseEntity<BulkSubscribeAppResponse> receiveBatch(byte[] body,
            Subscription<T> subscription, BatchHandler<T> batch, MessageHandler<T> single) {
        Answers answers = new Answers();
        List<Readable<T>> entries = readable(body, subscription, Set.of(), answers);
        if (entries.isEmpty()) {
            return answers.response();
        }
        List<Span> spans = entries.stream().map(entry -> traceParents.startContinuing(entry.traceparent(),
                spanName(subscription), Span.Kind.CONSUMER)).toList();
        try {
            List<?> outcomes = batch.handleAll(entries.stream().map(Readable::message).toList());
            for (int i = 0; i < entries.size(); i++) {
                CloudEventSubscriber.handledLog(entries.get(i).message(), subscription, outcomes.get(i));
                answers.add(entries.get(i).entryId(), DaprAppResponse.Status.SUCCESS);
            }
        } catch (TransientMessageException e) {
            for (Readable<T> entry : entries) {
                CloudEventSubscriber.retryLog(entry.message(), subscription, e);
                answers.add(entry.entryId(), DaprAppResponse.Status.RETRY);
            }
        } catch (PoisonMessageException e) {
            for (Readable<T> entry : entries) {
                answers.add(entry.entryId(), CloudEventSubscriber.handled(entry.message(), subscription, single));
            }
        } finally {
            spans.forEach(Span::end);
        }
        return answers.response();
    }

    private <T extends SubscribedEvent> List<Readable<T>> readable(byte[] body, Subscription<T> subscription,
            Set<String> typesNotActedOn, Answers answers) {
        JsonNode items = entriesOf(body, subscription);
        List<Readable<T>> readable = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            String entryId = item.path("entryId").asText("");
            if (entryId.isEmpty()) {
                continue; // nothing to answer it by: daprd never sends one
            }
            JsonNode event = item.get("event");
            if (event != null && typesNotActedOn.contains(event.path("type").asText(""))) {
                answers.add(entryId, DaprAppResponse.Status.SUCCESS);
                continue;
            }
            try {
                JsonNode cloudEvent = parsed(event);
                T message = reader.read(cloudEvent, subscription.type(), subscription.problems()).getData();
                readable.add(new Readable<>(entryId, message, cloudEvent.path(TraceParents.TRACEPARENT).asText(null)));
            } catch (PoisonMessageException e) {
                CloudEventSubscriber.unreadable(subscription, e);
                answers.add(entryId, DaprAppResponse.Status.DROP);
            }
        }
        return readable;
    }

    private JsonNode entriesOf(byte[] body, Subscription<?> subscription) {
        JsonNode entries = null;
        if (body != null && body.length > 0) {
            try {
                entries = objectMapper.readTree(body).path("entries");
            } catch (IOException e) {
                entries = null;
            }
        }
        if (entries == null || !entries.isArray()) {
            log.atError().setMessage("bulk delivery without entries, nothing answered: daprd retries it")
                    .addKeyValue("event", "bulk_unreadable").addKeyValue("topic", subscription.topic()).log();
            return objectMapper.createArrayNode();
        }
        return entries;
    }

    /** A raw (non-CloudEvent) publication arrives as a string: its text is the CloudEvent, or it is unreadable. */
    private JsonNode parsed(JsonNode event) {
        if (event == null || !event.isTextual()) {
            return event;
        }
        try {
            return objectMapper.readTree(event.asText());
        } catch (IOException e) {
            throw new PoisonMessageException(null, "entry event is a string that is not JSON", e);
        }
    }

    private static String spanName(Subscription<?> subscription) {
        return "handle " + subscription.topic();
    }

    private record Readable<T>(String entryId, T message, String traceparent) {
    }

    private static final class Answers {

        private final List<BulkSubscribeAppResponseEntry> statuses = new ArrayList<>();

        void add(String entryId, DaprAppResponse.Status status) {
            statuses.add(new BulkSubscribeAppResponseEntry(entryId, BulkSubscribeAppResponseStatus.valueOf(status.name())));
        }

        ResponseEntity<BulkSubscribeAppResponse> response() {
            return ResponseEntity.ok(new BulkSubscribeAppResponse(statuses));
        }
    }
}
