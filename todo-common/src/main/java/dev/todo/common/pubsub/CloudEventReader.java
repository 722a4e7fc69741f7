package dev.todo.common.pubsub;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.client.domain.CloudEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the structured CloudEvent daprd posts to a subscription route. The route takes the raw
 * body rather than a typed {@code @RequestBody CloudEvent<T>} because a body Jackson cannot bind
 * would otherwise become a 400 before the handler runs, which daprd treats as "retry" forever;
 * here it becomes a {@link PoisonMessageException} and the route answers DROP.
 * {@link CloudEventSubscriber} uses it with the application's ObjectMapper (it knows java.time).
 */
public class CloudEventReader {

    private final ObjectMapper objectMapper;

    public CloudEventReader(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /**
     * @param problems names what is wrong with the bound data (empty when it is valid); the event
     *                 records live in todo-common and carry no validation annotations of their own
     */
    public <T> CloudEvent<T> read(byte[] body, Class<T> dataType, Function<T, List<String>> problems) {
        if (body == null || body.length == 0) {
            throw new PoisonMessageException(null, "empty body", null);
        }
        JsonNode tree;
        try {
            tree = objectMapper.readTree(body);
        } catch (IOException e) {
            throw new PoisonMessageException(null, "body is not JSON: " + firstLine(e), e);
        }
        return read(tree, dataType, problems);
    }

    /** The same for a CloudEvent already parsed, as each entry of a bulk delivery is. */
    public <T> CloudEvent<T> read(JsonNode tree, Class<T> dataType, Function<T, List<String>> problems) {
        if (tree == null || !tree.isObject()) {
            throw new PoisonMessageException(null, "body is not a JSON object", null);
        }
        String id = tree.path("id").asText(null);
        JsonNode data = tree.get("data");
        // A publisher that sent a JSON string instead of an object still means the same event.
        if (data != null && data.isTextual()) {
            try {
                data = objectMapper.readTree(data.asText());
                ((ObjectNode) tree).set("data", data);
            } catch (IOException e) {
                throw new PoisonMessageException(id, "data is a string that is not JSON", e);
            }
        }
        if (data == null || !data.isObject()) {
            throw new PoisonMessageException(id, "CloudEvent has no JSON object in data", null);
        }
        JavaType type = objectMapper.getTypeFactory().constructParametricType(CloudEvent.class, dataType);
        CloudEvent<T> event;
        try {
            event = objectMapper.treeToValue(tree, type);
        } catch (IOException | RuntimeException e) {
            // any binding failure (a custom deserializer may throw unchecked) means the same thing
            throw new PoisonMessageException(id, "data does not match " + dataType.getSimpleName() + ": " + firstLine(e), e);
        }
        List<String> reasons = problems.apply(event.getData());
        if (!reasons.isEmpty()) {
            throw new PoisonMessageException(id,
                    "invalid " + dataType.getSimpleName() + ": " + String.join(", ", reasons), null);
        }
        return event;
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
