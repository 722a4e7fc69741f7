package dev.todo.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.common.events.NextOccurrenceRequest;
import dev.todo.common.events.TaskData;
import dev.todo.common.recurrence.RecurrenceRule;
import dev.todo.common.recurrence.ScheduledOccurrence;
import dev.todo.common.recurrence.Series;
import dev.todo.common.web.ProblemTypes;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The routes recurring-service calls through Dapr service invocation. The test plays recurring-service: it
 * computes the next due date with the shared RecurrenceRule from the completed task's event data.
 */
class NextOccurrenceIT extends ApiIntegrationTest {

    @Autowired
    Clock clock;

    private ResultActions postNext(long taskId, Object body) throws Exception {
        return mvc.perform(post("/internal/tasks/" + taskId + "/next-occurrence").header("dapr-api-token", APP_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body)));
    }

    private JsonNode complete(long id) throws Exception {
        return body(mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"completed\":true}")).andExpect(status().isOk()).andReturn());
    }

    private JsonNode uncomplete(long id) throws Exception {
        return body(mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"completed\":false}")).andExpect(status().isOk()).andReturn());
    }

    private ResultActions retract(long taskId, Long sourceVersion) throws Exception {
        var request = delete("/internal/tasks/" + taskId + "/next-occurrence").header("dapr-api-token", APP_TOKEN);
        if (sourceVersion != null) {
            request.param("source_version", sourceVersion.toString());
        }
        return mvc.perform(request);
    }

    /** {@code version} is the task's version after it was un-completed, as its {@code uncompleted} event has it. */
    private record Uncompleted(long taskId, long nextId, long version) {
    }

    /** A daily task completed, given the next occurrence recurring-service would create, then un-completed. */
    private Uncompleted uncompletedAfterItsNext(String title) throws Exception {
        long id = create("{\"title\":\"" + title
                + "\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}").get("id").asLong();
        long nextId = body(postNext(id, nextFor(complete(id))).andReturn()).get("id").asLong();
        return new Uncompleted(id, nextId, uncomplete(id).get("version").asLong());
    }

    private NextOccurrenceRequest nextFor(JsonNode completed) throws Exception {
        TaskData task = json.treeToValue(completed, TaskData.class);
        ScheduledOccurrence next = RecurrenceRule.parse(task.recurrencePattern())
                .nextOccurrence(Series.of(task), task.completedAt(), clock).orElseThrow();
        return new NextOccurrenceRequest(task.seriesId(), next.occurrence(), next.dueAt(), task.userId());
    }

    @Test
    void aMonthlySeriesFromThe31stKeepsMonthEndsOccurrenceAfterOccurrence() throws Exception {
        JsonNode first = create("""
                {"title":"Rent","description":"flat","priority":"high","tags":["money"],"due_at":"2026-01-31T09:00:00Z",
                 "recurrence_pattern":"monthly","reminder_offset":"P1D"}""");
        JsonNode second = body(postNext(first.get("id").asLong(), nextFor(complete(first.get("id").asLong())))
                .andExpect(status().isCreated()).andReturn());
        assertThat(second.get("due_at").asText()).isEqualTo("2026-02-28T09:00:00Z");
        assertThat(second.get("occurrence").asInt()).isEqualTo(2);
        assertThat(second.get("series_id")).isEqualTo(first.get("series_id"));
        assertThat(second.get("completed").asBoolean()).isFalse();
        assertThat(second.get("title").asText()).isEqualTo("Rent");
        assertThat(second.get("description").asText()).isEqualTo("flat");
        assertThat(second.get("priority").asText()).isEqualTo("high");
        assertThat(second.get("tags").get(0).asText()).isEqualTo("money");
        assertThat(second.get("reminder_offset").asText()).isEqualTo("PT24H");
        assertThat(second.get("remind_at").asText()).isEqualTo("2026-02-27T09:00:00Z");
        assertThat(second.get("version").asLong()).isZero();

        JsonNode third = body(postNext(second.get("id").asLong(), nextFor(complete(second.get("id").asLong())))
                .andExpect(status().isCreated()).andReturn());
        assertThat(third.get("due_at").asText()).isEqualTo("2026-03-31T09:00:00Z");
        assertThat(third.get("occurrence").asInt()).isEqualTo(3);
        assertThat(outboxCount(third.get("id").asLong())).isEqualTo(1);
        mvc.perform(asUser(get(tasksPath() + "/" + third.get("id").asLong() + "/history")))
                .andExpect(jsonPath("$[0].event_type").value("created"));
    }

    @Test
    void aRepeatedRequestReturnsTheExistingOccurrenceWith200() throws Exception {
        JsonNode first = create("{\"title\":\"Water plants\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}");
        NextOccurrenceRequest request = nextFor(complete(first.get("id").asLong()));
        JsonNode created = body(postNext(first.get("id").asLong(), request).andExpect(status().isCreated()).andReturn());
        long tasks = taskCount();
        long events = outboxCount();

        JsonNode repeated = body(postNext(first.get("id").asLong(), request).andExpect(status().isOk()).andReturn());

        assertThat(repeated.get("id")).isEqualTo(created.get("id"));
        assertThat(taskCount()).isEqualTo(tasks);
        assertThat(outboxCount()).isEqualTo(events);
    }

    @Test
    void retractRemovesTheUntouchedNextOccurrence() throws Exception {
        JsonNode first = create("{\"title\":\"Walk\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}");
        long id = first.get("id").asLong();
        long nextId = body(postNext(id, nextFor(complete(id))).andReturn()).get("id").asLong();
        uncomplete(id);

        mvc.perform(delete("/internal/tasks/" + id + "/next-occurrence").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isNoContent());

        mvc.perform(asUser(get(tasksPath() + "/" + nextId))).andExpect(status().isNotFound());
        assertThat(jdbc.sql("select event_type from outbox_events where task_id = :id order by id").param("id", nextId)
                .query(String.class).list()).containsExactly("created", "deleted");
        mvc.perform(delete("/internal/tasks/" + id + "/next-occurrence").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void retractKeepsANextOccurrenceTheUserChangedOrCompleted() throws Exception {
        long id = create("{\"title\":\"Read\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        long nextId = body(postNext(id, nextFor(complete(id))).andReturn()).get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + nextId)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"Read a book\"}")).andExpect(status().isOk());
        uncomplete(id);

        mvc.perform(delete("/internal/tasks/" + id + "/next-occurrence").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("changed by its user")));

        long other = create("{\"title\":\"Run\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        long otherNext = body(postNext(other, nextFor(complete(other))).andReturn()).get("id").asLong();
        complete(otherNext);
        uncomplete(other);
        mvc.perform(delete("/internal/tasks/" + other + "/next-occurrence").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already completed")));
        mvc.perform(asUser(get(tasksPath() + "/" + nextId))).andExpect(status().isOk());
    }

    @Test
    void aCompletedEventReplayedAfterUncompletingCreatesNothing() throws Exception {
        long id = create("{\"title\":\"Stretch\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        NextOccurrenceRequest request = nextFor(complete(id));
        postNext(id, request).andExpect(status().isCreated());
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"completed\":false}")).andExpect(status().isOk());
        mvc.perform(delete("/internal/tasks/" + id + "/next-occurrence").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isNoContent());
        long tasks = taskCount();

        postNext(id, request).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not completed")));

        assertThat(taskCount()).isEqualTo(tasks);
    }

    @Test
    void aForgedUncompletedEventForATaskStillCompletedDeletesNothing() throws Exception {
        long id = create("{\"title\":\"Floss\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        JsonNode completed = complete(id);
        long nextId = body(postNext(id, nextFor(completed)).andReturn()).get("id").asLong();
        long events = outboxCount();

        // what recurring-service sends for an "uncompleted" event carrying the task as it is now
        retract(id, completed.get("version").asLong())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(ProblemTypes.STALE_EVENT.toString()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("is completed")));

        mvc.perform(asUser(get(tasksPath() + "/" + nextId))).andExpect(status().isOk());
        assertThat(outboxCount()).isEqualTo(events);
    }

    @Test
    void anUncompletedEventAheadOfTheTasksVersionDeletesNothing() throws Exception {
        Uncompleted task = uncompletedAfterItsNext("Iron");

        retract(task.taskId(), task.version() + 1)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(ProblemTypes.STALE_EVENT.toString()));

        mvc.perform(asUser(get(tasksPath() + "/" + task.nextId()))).andExpect(status().isOk());
    }

    @Test
    void aGenuineUncompletedEventWithItsVersionRetracts() throws Exception {
        Uncompleted task = uncompletedAfterItsNext("Sweep");

        retract(task.taskId(), task.version()).andExpect(status().isNoContent());

        mvc.perform(asUser(get(tasksPath() + "/" + task.nextId()))).andExpect(status().isNotFound());
    }

    @Test
    void aCompletedEventAheadOfTheTasksVersionCreatesNothing() throws Exception {
        long id = create("{\"title\":\"Dust\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        JsonNode completed = complete(id);
        long tasks = taskCount();

        postNext(id, nextFor(completed).withSourceVersion(completed.get("version").asLong() + 1))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(ProblemTypes.STALE_EVENT.toString()));

        assertThat(taskCount()).isEqualTo(tasks);
        postNext(id, nextFor(completed).withSourceVersion(completed.get("version").asLong()))
                .andExpect(status().isCreated());
    }

    @Test
    void onlyTheImmediatelyFollowingOccurrenceCanBeCreated() throws Exception {
        long id = create("{\"title\":\"Skip\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        NextOccurrenceRequest next = nextFor(complete(id));
        postNext(id, new NextOccurrenceRequest(next.seriesId(), 3, next.dueAt(), next.userId()))
                .andExpect(status().isConflict());
    }

    @Test
    void theRoutesNeedTheDaprAppTokenNotAUserToken() throws Exception {
        long id = create("{\"title\":\"x\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        String body = json.writeValueAsString(new NextOccurrenceRequest(
                create("{\"title\":\"y\"}").get("series_id").asText(), 2, Instant.parse("2026-03-01T00:00:00Z"), user));
        long tasks = taskCount();
        for (String token : new String[] {null, "wrong", APP_TOKEN + "x", ""}) {
            var request = post("/internal/tasks/" + id + "/next-occurrence").contentType(MediaType.APPLICATION_JSON)
                    .content(body).header("Authorization", bearer(user));
            if (token != null) {
                request.header("dapr-api-token", token);
            }
            mvc.perform(request).andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.status").value(401));
            var retract = delete("/internal/tasks/" + id + "/next-occurrence").header("Authorization", bearer(user));
            if (token != null) {
                retract.header("dapr-api-token", token);
            }
            mvc.perform(retract).andExpect(status().isUnauthorized());
        }
        assertThat(taskCount()).isEqualTo(tasks);
    }

    @Test
    void refusesRequestsThatDoNotFitTheTask() throws Exception {
        JsonNode recurring = create("{\"title\":\"r\",\"due_at\":\"2026-02-01T08:00:00Z\",\"recurrence_pattern\":\"daily\"}");
        JsonNode once = create("{\"title\":\"once\"}");
        Instant due = Instant.parse("2026-03-01T00:00:00Z");
        long tasks = taskCount();
        // another series
        postNext(recurring.get("id").asLong(), new NextOccurrenceRequest(once.get("series_id").asText(), 2, due, user))
                .andExpect(status().isConflict());
        // another user
        postNext(recurring.get("id").asLong(),
                new NextOccurrenceRequest(recurring.get("series_id").asText(), 2, due, "someone-else"))
                .andExpect(status().isConflict());
        // not recurring
        postNext(once.get("id").asLong(), new NextOccurrenceRequest(once.get("series_id").asText(), 2, due, user))
                .andExpect(status().isConflict());
        // unknown task
        postNext(Long.MAX_VALUE, new NextOccurrenceRequest(recurring.get("series_id").asText(), 2, due, user))
                .andExpect(status().isNotFound());
        // invalid bodies
        postNext(recurring.get("id").asLong(), new NextOccurrenceRequest("not-a-uuid", 2, due, user))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("series_id"));
        postNext(recurring.get("id").asLong(), new NextOccurrenceRequest(recurring.get("series_id").asText(), 1, null, user))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(post("/internal/tasks/" + recurring.get("id").asLong() + "/next-occurrence")
                        .header("dapr-api-token", APP_TOKEN).contentType(MediaType.APPLICATION_JSON).content("{\"occurrence\":"))
                .andExpect(status().isBadRequest());
        assertThat(taskCount()).isEqualTo(tasks);
    }
}
