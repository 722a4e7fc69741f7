package dev.todo.recurring.occurrence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.dapr.DaprInvocationClients;
import dev.todo.common.events.AppIds;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.web.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * todo-api's internal next-occurrence routes, reached through Dapr service invocation over plain HTTP to the
 * sidecar ({@link DaprInvocationClients}). Maps the answers onto what the subscriber tells Dapr: 5xx, timeouts
 * and an unreachable sidecar are transient; other 4xx mean the event can never succeed. Each call is a client
 * span of the event's trace whose {@code traceparent} daprd (and so todo-api) receives: the RestClient's
 * observation does both.
 */
@Component
public class TodoApiClient {

    /** A URI template: the observation names the route by it, not by each task id. */
    static final String ROUTE = "internal/tasks/{id}/next-occurrence";
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

    private final RestClient todoApi;
    private final ObjectMapper objectMapper;

    public TodoApiClient(DaprInvocationClients invocation, ObjectMapper objectMapper, RecurringProperties properties) {
        this.todoApi = invocation.forApp(AppIds.TODO_API, properties.daprTimeout());
        this.objectMapper = objectMapper;
    }

    /** Creates the occurrence; todo-api answers the same for a repeat (idempotent by series and occurrence). */
    public Created createNextOccurrence(long completedTaskId, NextOccurrenceRequest request) {
        String what = "create next occurrence of task " + completedTaskId;
        Answer answer = send(todoApi.post().uri(ROUTE, completedTaskId)
                .attribute(DaprInvocationClients.SPAN_NAME, "invoke todo-api create next occurrence")
                .contentType(MediaType.APPLICATION_JSON).body(json(request)));
        if (answer.succeeded()) {
            return new Created(Created.Kind.CREATED, null);
        }
        if (answer.status() == 404) {
            return new Created(Created.Kind.TASK_GONE, null);
        }
        if (answer.status() == 409) {
            return new Created(Created.Kind.STALE, reason(answer));
        }
        throw classify(answer, what);
    }

    /** @param version the task's version in the {@code uncompleted} event; todo-api checks its task against it */
    public Removal removeNextOccurrence(long uncompletedTaskId, long version) {
        String what = "remove next occurrence of task " + uncompletedTaskId;
        Answer answer = send(todoApi.delete().uri(ROUTE + "?" + SOURCE_VERSION + "={version}", uncompletedTaskId,
                        version)
                .attribute(DaprInvocationClients.SPAN_NAME, "invoke todo-api remove next occurrence"));
        if (answer.succeeded()) {
            return new Removal(Removal.Kind.REMOVED, null);
        }
        if (answer.status() == 404) {
            return new Removal(Removal.Kind.NOTHING_TO_REMOVE, null);
        }
        if (answer.status() == 409) {
            Removal.Kind kind = STALE_EVENT.equals(problemField(answer, "type")) ? Removal.Kind.NOT_UNCOMPLETED
                    : Removal.Kind.KEPT;
            return new Removal(kind, reason(answer));
        }
        throw classify(answer, what);
    }

    /** todo-api's status and body; an I/O failure (sidecar unreachable, timeout) is status 0 with its message. */
    private record Answer(int status, byte[] body, Exception failure) {
        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    private static Answer send(RestClient.RequestHeadersSpec<?> request) {
        try {
            return request.exchange((sent, response) ->
                    new Answer(response.getStatusCode().value(), response.getBody().readAllBytes(), null));
        } catch (ResourceAccessException e) {
            return new Answer(0, new byte[0], e);
        }
    }

    private RuntimeException classify(Answer answer, String what) {
        int status = answer.status();
        if (status == 0 || status >= 500 || status == 408 || status == 429) {
            String cause = answer.failure() != null ? answer.failure().getMessage()
                    : new String(answer.body(), StandardCharsets.UTF_8);
            return new TransientFailureException(what + " failed, status=" + status + ": " + cause, answer.failure());
        }
        return new RejectedEventException(what + " rejected, status=" + status + ": " + reason(answer), null);
    }

    /** The problem+json {@code detail} todo-api sent, else the raw body. */
    private String reason(Answer answer) {
        String detail = problemField(answer, "detail");
        return detail != null ? detail : new String(answer.body(), StandardCharsets.UTF_8);
    }

    /** A field of the problem+json todo-api sent; null when absent or the body is not JSON. */
    private String problemField(Answer answer, String field) {
        if (answer.body().length == 0) {
            return null;
        }
        try {
            JsonNode problem = objectMapper.readTree(answer.body());
            return problem.hasNonNull(field) ? problem.get(field).asText() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private byte[] json(NextOccurrenceRequest request) {
        try {
            return objectMapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("NextOccurrenceRequest is not serialisable", e);
        }
    }
}
