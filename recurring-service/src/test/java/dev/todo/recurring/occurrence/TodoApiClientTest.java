package dev.todo.recurring.occurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.recurring.occurrence.TodoApiClient.Created;
import dev.todo.recurring.occurrence.TodoApiClient.Removal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** todo-api's answers, as an HTTP server in the sidecar's place sends them, mapped onto what the handler does. */
class TodoApiClientTest {

    private static final String STALE = "{\"type\":\"https://todo.dev/problems/stale-event\",\"status\":409,"
            + "\"detail\":\"Task 7 is completed\"}";
    private static final String EDITED = "{\"type\":\"about:blank\",\"status\":409,"
            + "\"detail\":\"the next occurrence was edited\"}";
    private static final NextOccurrenceRequest REQUEST = new NextOccurrenceRequest("series-7", 2,
            Instant.parse("2026-03-09T08:00:00Z"), "u1", 3L);

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final TodoApiSidecar sidecar = new TodoApiSidecar();
    private final CountDownLatch releaseSlowAnswer = new CountDownLatch(1);
    private final TodoApiClient todoApi = new TodoApiClient(sidecar.clients(), json,
            new RecurringProperties(Duration.ofMillis(500)));

    @AfterEach
    void stopSidecar() {
        releaseSlowAnswer.countDown();
        sidecar.close();
    }

    @Test
    void createdPostsTheRequestAsJsonToTheCompletedTasksRoute() throws Exception {
        sidecar.answer(201, "{\"id\":8}");

        assertThat(todoApi.createNextOccurrence(7, REQUEST)).isEqualTo(new Created(Created.Kind.CREATED, null));

        assertThat(sidecar.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("internal/tasks/7/next-occurrence");
            assertThat(json.readValue(request.body(), NextOccurrenceRequest.class)).isEqualTo(REQUEST);
        });
    }

    @Test
    void createAnswered404IsAGoneTaskAnd409AStaleCompletion() {
        sidecar.answer(404, "");
        assertThat(todoApi.createNextOccurrence(7, REQUEST)).isEqualTo(new Created(Created.Kind.TASK_GONE, null));

        sidecar.answer(409, "{\"type\":\"about:blank\",\"status\":409,\"detail\":\"task 7 is not completed\"}");
        assertThat(todoApi.createNextOccurrence(7, REQUEST))
                .isEqualTo(new Created(Created.Kind.STALE, "task 7 is not completed"));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 408, 429})
    void aServerErrorATimeoutOrThrottlingIsTransient(int status) {
        sidecar.answer(status, "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"app unavailable\"}");

        assertThatThrownBy(() -> todoApi.createNextOccurrence(7, REQUEST))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("status=" + status);
        assertThatThrownBy(() -> todoApi.removeNextOccurrence(7, 3))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("status=" + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 422})
    void anyOtherClientErrorIsRejectedWithTheProblemsDetail(int status) {
        sidecar.answer(status, "{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"bad due_at\"}");

        assertThatThrownBy(() -> todoApi.createNextOccurrence(7, REQUEST))
                .isInstanceOf(RejectedEventException.class).hasMessageContaining("status=" + status)
                .hasMessageContaining("bad due_at");
        assertThatThrownBy(() -> todoApi.removeNextOccurrence(7, 3))
                .isInstanceOf(RejectedEventException.class).hasMessageContaining("bad due_at");
    }

    @Test
    void aClientErrorWithoutAProblemIsRejectedWithItsRawBody() {
        sidecar.answer(400, "not json");

        assertThatThrownBy(() -> todoApi.createNextOccurrence(7, REQUEST))
                .isInstanceOf(RejectedEventException.class).hasMessageEndingWith(": not json");
    }

    @Test
    void removalDeletesWithTheEventsVersionAndMapsTodoApisAnswers() {
        sidecar.answer(204, "");
        assertThat(todoApi.removeNextOccurrence(7, 3)).isEqualTo(new Removal(Removal.Kind.REMOVED, null));
        assertThat(sidecar.requests()).singleElement()
                .isEqualTo(new TodoApiSidecar.Request("DELETE", "internal/tasks/7/next-occurrence?source_version=3", ""));

        sidecar.answer(404, "");
        assertThat(todoApi.removeNextOccurrence(7, 3)).isEqualTo(new Removal(Removal.Kind.NOTHING_TO_REMOVE, null));

        sidecar.answer(409, EDITED);
        assertThat(todoApi.removeNextOccurrence(7, 3))
                .isEqualTo(new Removal(Removal.Kind.KEPT, "the next occurrence was edited"));

        sidecar.answer(409, STALE);
        assertThat(todoApi.removeNextOccurrence(7, 3))
                .isEqualTo(new Removal(Removal.Kind.NOT_UNCOMPLETED, "Task 7 is completed"));
    }

    @Test
    void anUnreachableSidecarIsTransient() {
        TodoApiClient unreachable = new TodoApiClient(TodoApiSidecar.unreachable(), json,
                new RecurringProperties(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> unreachable.createNextOccurrence(7, REQUEST))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("status=0");
        assertThatThrownBy(() -> unreachable.removeNextOccurrence(7, 3))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("status=0");
    }

    @Test
    void anAnswerSlowerThanTheDaprTimeoutIsTransient() {
        sidecar.answer(() -> {
            try {
                releaseSlowAnswer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TodoApiSidecar.Answer(201, "");
        });

        assertThatThrownBy(() -> todoApi.removeNextOccurrence(7, 3))
                .isInstanceOf(TransientFailureException.class).hasMessageContaining("status=0")
                .hasMessageContaining("timed out");
    }
}
