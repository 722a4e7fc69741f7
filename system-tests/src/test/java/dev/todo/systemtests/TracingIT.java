package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.systemtests.ZipkinTraces.Caller;
import dev.todo.systemtests.ZipkinTraces.Span;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14's trace, found where an operator looks for it: the local stack's Zipkin. A caller starts a trace (its own
 * {@code traceparent}), and everything the request causes, across the outbox, daprd, Kafka and the other services,
 * must land in that one trace. Zipkin has no span links, so the reminder's notification "links back" to the task
 * by being in the trace of the task change that scheduled it.
 */
@ExtendWith(LocalStackExtension.class)
class TracingIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Test
    void completingARecurringTaskWithAReminderIsOneTraceThroughTheOutboxAndEverySubscriber(LocalStack stack) {
        UserSession user = UserSession.newUser(stack);
        long taskId = created(user, null, Instant.now().plus(Duration.ofDays(1)), "P1D");

        Caller caller = Caller.random();
        HttpResponse<String> completed = user.todoApiInTrace(caller.traceparent(), "PATCH",
                "/api/" + user.userId + "/tasks/" + taskId + "/complete", "application/json", "{\"completed\":true}");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);

        await().atMost(WITHIN).untilAsserted(() -> {
            List<Span> trace = ZipkinTraces.trace(caller.traceId());
            assertThat(trace).as("trace %s", caller.traceId())
                    .anySatisfy(has("todo-api", "SERVER", s -> s.tag("uri").equals("/api/{user_id}/tasks/{id}/complete")))
                    .anySatisfy(has("todo-api", "PRODUCER", s -> s.name().equals("publish task-events")))
                    .anySatisfy(has("todo-api", "PRODUCER", s -> s.name().equals("publish task-updates")))
                    // a bulk delivery is one request for many events, so each event is handled in a span of its own
                    .anySatisfy(has("recurring-service", "CONSUMER", s -> s.name().equals("handle task-events")))
                    .anySatisfy(has("recurring-service", "CLIENT",
                            s -> s.name().equals("invoke todo-api create next occurrence")))
                    .anySatisfy(has("todo-api", "SERVER", s -> s.tag("uri").equals("/internal/tasks/{id}/next-occurrence")))
                    .anySatisfy(has("notification-service", "CONSUMER", s -> s.name().equals("handle task-updates")));
            // the subscribing sidecars' own spans of the Kafka hop (daprd names them pubsub/{topic}; its service
            // name is the app id), sent to the same Zipkin by their Configuration
            assertThat(trace).as("daprd spans in trace %s", caller.traceId())
                    .anySatisfy(has("recurring-service", "CLIENT", s -> s.name().equals("pubsub/task-events")))
                    .anySatisfy(has("notification-service", "CLIENT", s -> s.name().equals("pubsub/task-updates")));
        });
        // and the next occurrence exists: the trace describes work that really happened
        assertThat(tasks(user)).hasSize(2);
    }

    @Test
    void theRemindersNotificationIsHandledInTheTraceOfTheTaskChangeThatScheduledIt(LocalStack stack) {
        UserSession user = UserSession.newUser(stack);
        Caller caller = Caller.random();
        // due in 70 s, reminded a minute before: the Dapr job fires about 10 s from now
        long taskId = created(user, caller, Instant.now().plusSeconds(70), "PT1M");

        await().atMost(WITHIN).until(() -> notifications(user).stream()
                .anyMatch(n -> n.path("task_id").asLong() == taskId));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(ZipkinTraces.trace(caller.traceId()))
                .as("trace %s", caller.traceId())
                .anySatisfy(has("todo-api", "SERVER", s -> s.tag("uri").equals("/api/{user_id}/tasks")))
                .anySatisfy(has("todo-api", "CLIENT", s -> s.name().equals("schedule reminder job")))
                .anySatisfy(has("todo-api", "CONSUMER", s -> s.name().equals("reminder fired")))
                .anySatisfy(has("todo-api", "PRODUCER", s -> s.name().equals("publish reminders")))
                .anySatisfy(has("notification-service", "SERVER", s -> s.tag("uri").equals("/events/reminders"))));
    }

    private static java.util.function.Consumer<Span> has(String service, String kind, Predicate<Span> what) {
        return span -> {
            assertThat(span.service()).isEqualTo(service);
            assertThat(span.kind()).isEqualTo(kind);
            assertThat(what.test(span)).as("%s", span).isTrue();
        };
    }

    /** A weekly task with a reminder, created in the caller's trace when there is one; returns its id. */
    private static long created(UserSession user, Caller caller, Instant due, String reminderOffset) {
        String body = "{\"title\":\"Traced\",\"due_at\":\"" + due + "\",\"recurrence_pattern\":\"weekly\","
                + "\"reminder_offset\":\"" + reminderOffset + "\"}";
        String path = "/api/" + user.userId + "/tasks";
        HttpResponse<String> created = caller == null ? user.todoApi("POST", path, "application/json", body)
                : user.todoApiInTrace(caller.traceparent(), "POST", path, "application/json", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return user.json(created).path("id").asLong();
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> notifications(UserSession user) {
        HttpResponse<String> response = user.notifications("GET", "/api/" + user.userId + "/notifications");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false).toList();
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> tasks(UserSession user) {
        HttpResponse<String> response = user.todoApi("GET", "/api/" + user.userId + "/tasks?status=all", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(user.json(response).spliterator(), false).toList();
    }
}
