package dev.todo.recurring.occurrence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.events.AppIds;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.tracing.DaprCallTracing;
import dev.todo.common.web.ProblemTypes;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprHttp;
import io.dapr.client.domain.HttpExtension;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * todo-api's internal next-occurrence routes, reached through Dapr service invocation. Maps the
 * answers onto what the subscriber tells Dapr: 5xx, timeouts and an unreachable sidecar are
 * transient; other 4xx mean the event can never succeed. Each call is a client span of the event's trace, its
 * context handed to daprd (and so to todo-api) by {@link DaprCallTracing}.
 */
@Component
public class TodoApiClient {

    static final String ROUTE = "internal/tasks/%d/next-occurrence";
    static final String SOURCE_VERSION = "source_version";
    /** todo-api's answer when its task does not back the event (ProblemTypes.STALE_EVENT). */
    static final String STALE_EVENT = ProblemTypes.STALE_EVENT.toString();

    /**
     * STALE: todo-api answered 409, the completed task is no longer completed or the occurrence is not its
     * successor (an event replayed after an un-complete). Nothing to do, and nothing for the dead-letter topic.
     */
    public record Created(Kind kind, String reason) {
        public enum Kind { CREATED, TASK_GONE, STALE }
    }

    /**
     * KEPT: the successor was touched by its user. NOT_UNCOMPLETED: todo-api's own task is completed, or not yet
     * at the event's version, so the {@code uncompleted} event is not backed by todo-api (overtaken or forged).
     */
    public record Removal(Kind kind, String reason) {
        public enum Kind { REMOVED, NOTHING_TO_REMOVE, KEPT, NOT_UNCOMPLETED }
    }

    private final DaprClient dapr;
    private final ObjectMapper objectMapper;
    private final Duration timeout;
    private final DaprCallTracing tracing;

    public TodoApiClient(DaprClient dapr, ObjectMapper objectMapper, RecurringProperties properties,
            DaprCallTracing tracing) {
        this.dapr = dapr;
        this.objectMapper = objectMapper;
        this.tracing = tracing;
        this.timeout = properties.daprTimeout();
    }

    /** Creates the occurrence; todo-api answers the same for a repeat (idempotent by series and occurrence). */
    public Created createNextOccurrence(long completedTaskId, NextOccurrenceRequest request) {
        // Sent as JSON bytes written by the application's ObjectMapper: the SDK's own serializer
        // does not know java.time, and byte[] bodies pass through it untouched.
        byte[] body = json(request);
        try {
            tracing.call("invoke todo-api create next occurrence", dapr.invokeMethod(AppIds.TODO_API,
                    ROUTE.formatted(completedTaskId), body, HttpExtension.POST, TypeRef.BYTE_ARRAY), timeout);
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

    /** @param version the task's version in the {@code uncompleted} event; todo-api checks its task against it */
    public Removal removeNextOccurrence(long uncompletedTaskId, long version) {
        HttpExtension delete = new HttpExtension(DaprHttp.HttpMethods.DELETE,
                Map.of(SOURCE_VERSION, List.of(Long.toString(version))), Map.of());
        try {
            tracing.call("invoke todo-api remove next occurrence", dapr.invokeMethod(AppIds.TODO_API,
                    ROUTE.formatted(uncompletedTaskId), null, delete, TypeRef.BYTE_ARRAY), timeout);
            return new Removal(Removal.Kind.REMOVED, null);
        } catch (RuntimeException e) {
            int status = statusOf(e);
            if (status == 404) {
                return new Removal(Removal.Kind.NOTHING_TO_REMOVE, null);
            }
            if (status == 409) {
                Removal.Kind kind = STALE_EVENT.equals(problemField(e, "type")) ? Removal.Kind.NOT_UNCOMPLETED
                        : Removal.Kind.KEPT;
                return new Removal(kind, reason(e));
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
        String detail = problemField(e, "detail");
        if (detail != null) {
            return detail;
        }
        byte[] payload = payload(e);
        return payload != null ? new String(payload, StandardCharsets.UTF_8) : String.valueOf(e.getMessage());
    }

    /** A field of the problem+json todo-api sent; null when absent or the body is not JSON. */
    private String problemField(Throwable e, String field) {
        byte[] payload = payload(e);
        if (payload == null) {
            return null;
        }
        try {
            JsonNode problem = objectMapper.readTree(payload);
            return problem.hasNonNull(field) ? problem.get(field).asText() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private static byte[] payload(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DaprException dapr && dapr.getPayload() != null && dapr.getPayload().length > 0) {
                return dapr.getPayload();
            }
        }
        return null;
    }

    private byte[] json(NextOccurrenceRequest request) {
        try {
            return objectMapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("NextOccurrenceRequest is not serialisable", e);
        }
    }
}
