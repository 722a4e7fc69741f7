package dev.todo.common.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
