package dev.todo.recurring.occurrence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.AppIds;
import dev.todo.common.events.NextOccurrenceRequest;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * todo-api's internal next-occurrence routes, reached through Dapr service invocation. Maps the
 * answers onto what the subscriber tells Dapr: 5xx, timeouts and an unreachable sidecar are
 * transient; other 4xx mean the event can never succeed.
 */
@Component
public class TodoApiClient {

    static final String ROUTE = "internal/tasks/%d/next-occurrence";

    /**
     * STALE: todo-api answered 409, the completed task is no longer completed or the occurrence is not its
     * successor (an event replayed after an un-complete). Nothing to do, and nothing for the dead-letter topic.
     */
    public record Created(Kind kind, String reason) {
        public enum Kind { CREATED, TASK_GONE, STALE }
    }

    public record Removal(Kind kind, String reason) {
        public enum Kind { REMOVED, NOTHING_TO_REMOVE, KEPT }
    }

    private final DaprClient dapr;
    private final ObjectMapper objectMapper;
    private final Duration timeout;

    public TodoApiClient(DaprClient dapr, ObjectMapper objectMapper, RecurringProperties properties) {
        this.dapr = dapr;
        this.objectMapper = objectMapper;
        this.timeout = properties.daprTimeout();
    }

    /** Creates the occurrence; todo-api answers the same for a repeat (idempotent by series and occurrence). */
    public Created createNextOccurrence(long completedTaskId, NextOccurrenceRequest request) {
        // Sent as JSON bytes written by the application's ObjectMapper: the SDK's own serializer
        // does not know java.time, and byte[] bodies pass through it untouched.
        byte[] body = json(request);
        try {
            dapr.invokeMethod(AppIds.TODO_API, ROUTE.formatted(completedTaskId), body, HttpExtension.POST,
                    TypeRef.BYTE_ARRAY).block(timeout);
            return new Created(Created.Kind.CREATED, null);
        } catch (RuntimeException e) {
            int status = statusOf(e);
            if (status == 404) {
                return new Created(Created.Kind.TASK_GONE, null);
            }
            if (status == 409) {
                return new Created(Created.Kind.STALE, reason(e));
            }
            throw classify(e, status, "create next occurrence of task " + completedTaskId);
        }
    }

    public Removal removeNextOccurrence(long uncompletedTaskId) {
        try {
            dapr.invokeMethod(AppIds.TODO_API, ROUTE.formatted(uncompletedTaskId), null, HttpExtension.DELETE,
                    TypeRef.BYTE_ARRAY).block(timeout);
            return new Removal(Removal.Kind.REMOVED, null);
        } catch (RuntimeException e) {
            int status = statusOf(e);
            if (status == 404) {
                return new Removal(Removal.Kind.NOTHING_TO_REMOVE, null);
            }
            if (status == 409) {
                return new Removal(Removal.Kind.KEPT, reason(e));
            }
            throw classify(e, status, "remove next occurrence of task " + uncompletedTaskId);
        }
    }

    private RuntimeException classify(RuntimeException e, int status, String what) {
        if (status == 0 || status >= 500 || status == 408 || status == 429) {
            return new TransientFailureException(what + " failed, status=" + status + ": " + e.getMessage(), e);
        }
        return new RejectedEventException(what + " rejected, status=" + status + ": " + reason(e), e);
    }

    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DaprException dapr && dapr.getHttpStatusCode() > 0) {
                return dapr.getHttpStatusCode();
            }
        }
        return 0;
    }

    /** The problem+json {@code detail} todo-api sent, else the raw body. */
    private String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DaprException dapr && dapr.getPayload() != null && dapr.getPayload().length > 0) {
                try {
                    JsonNode problem = objectMapper.readTree(dapr.getPayload());
                    if (problem.hasNonNull("detail")) {
                        return problem.get("detail").asText();
                    }
                } catch (java.io.IOException ignored) {
                    // not JSON: fall through to the raw text
                }
                return new String(dapr.getPayload(), StandardCharsets.UTF_8);
            }
        }
        return String.valueOf(e.getMessage());
    }

    private byte[] json(NextOccurrenceRequest request) {
        try {
            return objectMapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("NextOccurrenceRequest is not serialisable", e);
        }
    }
}
