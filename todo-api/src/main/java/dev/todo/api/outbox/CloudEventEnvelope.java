package dev.todo.api.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import dev.todo.common.events.AppIds;
import dev.todo.common.events.CloudEventTypes;
import dev.todo.common.events.Topics;
import dev.todo.common.tracing.TraceParents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The CloudEvents 1.0 envelope daprd would wrap an event in, written here so the relay can publish it as a raw
 * payload. daprd 1.18 builds its envelope by decoding the event's JSON into a Go map, decoding the
 * {@code cloudevent.*} metadata with mapstructure and encoding the map again (pkg/runtime/pubsub/cloudevents.go,
 * components-contrib pubsub/envelope.go {@code NewCloudEventsEnvelope}): half of todo-api's sidecar CPU under
 * load. Here the outbox payload, already JSON text (a {@code jsonb} column, so always valid), goes in as it is.
 *
 * <p>The fields and their order are daprd's (Go encodes a map with sorted keys): {@code data},
 * {@code datacontenttype}, {@code id}, {@code pubsubname}, {@code source} (the app id), {@code specversion},
 * {@code time} (RFC 3339 in UTC, whole seconds, like Go's {@code time.RFC3339}), {@code topic}, {@code traceid} and
 * {@code traceparent} (the same value, as daprd writes both), {@code tracestate}, {@code type}. Subscribing
 * sidecars read it as any CloudEvent: they take their span's parent from {@code traceparent}.
 */
final class CloudEventEnvelope {

    static final String DATA_CONTENT_TYPE = "application/json";
    private static final String TRACESTATE = "tracestate";
    private static final JsonFactory JSON = new JsonFactory();

    private CloudEventEnvelope() {
    }

    /**
     * @param traceContext the W3C headers subscribers continue ({@code traceparent}, {@code tracestate}); a missing
     *                     one is written empty, as daprd writes it when it has none
     * @param now          the envelope's {@code time}: when it is published, as daprd sets it
     */
    static ByteString of(PendingEvent event, String topic, Map<String, String> traceContext, Instant now) {
        String traceparent = traceContext.getOrDefault(TraceParents.TRACEPARENT, "");
        ByteString.Output out = ByteString.newOutput(event.payload().length() + 512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("data");
            json.writeRawValue(event.payload());
            json.writeStringField("datacontenttype", DATA_CONTENT_TYPE);
            json.writeStringField("id", event.eventId().toString());
            json.writeStringField("pubsubname", Topics.PUBSUB);
            json.writeStringField("source", AppIds.TODO_API);
            json.writeStringField("specversion", "1.0");
            json.writeStringField("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
            json.writeStringField("topic", topic);
            json.writeStringField("traceid", traceparent);
            json.writeStringField("traceparent", traceparent);
            json.writeStringField("tracestate", traceContext.getOrDefault(TRACESTATE, ""));
            json.writeStringField("type", CloudEventTypes.forEventType(event.eventType()));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CloudEvent of outbox row " + event.id(), e);
        }
        return out.toByteString();
    }
}
