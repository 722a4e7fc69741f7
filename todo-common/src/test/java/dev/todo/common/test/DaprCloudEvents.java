package dev.todo.common.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bodies exactly as daprd posts them to a subscription route: structured CloudEvents 1.0. */
public final class DaprCloudEvents {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private DaprCloudEvents() {
    }

    public static String envelope(ObjectMapper json, String topic, Object data) throws Exception {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "todo-api");
        event.put("type", "com.dapr.event.sent");
        event.put("datacontenttype", "application/json");
        event.set("data", json.valueToTree(data));
        event.put("pubsubname", "kafka-pubsub");
        event.put("topic", topic);
        event.put("traceid", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.put("tracestate", "");
        event.put("time", "2026-03-02T10:00:00Z");
        return json.writeValueAsString(event);
    }

    /**
     * A bulk delivery of these bodies, as daprd posts it to a {@code @BulkSubscribe} route: each body's JSON becomes
     * an entry's {@code event} (entry ids {@code 0, 1, ...}); a body that is not JSON travels as a string, as a raw
     * publication would.
     */
    public static String bulk(ObjectMapper json, String topic, List<String> bodies) throws Exception {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("topic", topic);
        envelope.put("pubsubname", "kafka-pubsub");
        envelope.put("type", "com.dapr.event.sent.bulk");
        envelope.putObject("metadata").put("pubsubName", "kafka-pubsub");
        ArrayNode entries = envelope.putArray("entries");
        for (int i = 0; i < bodies.size(); i++) {
            ObjectNode entry = entries.addObject();
            entry.put("entryId", String.valueOf(i));
            JsonNode event;
            try {
                event = json.readTree(bodies.get(i));
            } catch (JsonProcessingException e) {
                event = null;
            }
            entry.set("event", event == null || event.isMissingNode() ? TextNode.valueOf(bodies.get(i)) : event);
            entry.put("contentType", CONTENT_TYPE);
            entry.putObject("metadata");
        }
        return json.writeValueAsString(envelope);
    }

    /** daprd's per-entry answers of a bulk delivery, by entry id. */
    public static Map<String, String> bulkStatuses(ObjectMapper json, String answer) throws Exception {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (JsonNode status : json.readTree(answer).path("statuses")) {
            statuses.put(status.path("entryId").asText(), status.path("status").asText());
        }
        return statuses;
    }
}
