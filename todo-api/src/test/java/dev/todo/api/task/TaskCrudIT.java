package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class TaskCrudIT extends ApiIntegrationTest {

    private static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @Test
    void createAnswers201WithLocationETagAndEveryField() throws Exception {
        var result = mvc.perform(asUser(post(tasksPath()).contentType(MediaType.APPLICATION_JSON).content("""
                        {"title":"  Buy milk ","description":"oat","priority":"high","tags":["Shop","home","shop"],
                         "due_at":"2026-12-01T09:00","time_zone":"Europe/Berlin","reminder_offset":"PT15M"}""")))
                .andExpect(status().isCreated())
                .andReturn();
        JsonNode task = body(result);
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).endsWith(tasksPath() + "/" + task.get("id").asLong());
        assertThat(result.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"0\"");
        assertThat(task.get("user_id").asText()).isEqualTo(user);
        assertThat(task.get("title").asText()).isEqualTo("Buy milk");
        assertThat(task.get("completed").asBoolean()).isFalse();
        assertThat(task.get("priority").asText()).isEqualTo("high");
        assertThat(task.get("tags")).extracting(JsonNode::asText).containsExactly("shop", "home");
        // a due_at without offset is read in time_zone (09:00 Berlin in winter = 08:00Z); output is UTC Z
        assertThat(task.get("due_at").asText()).isEqualTo("2026-12-01T08:00:00Z");
        assertThat(task.get("remind_at").asText()).isEqualTo("2026-12-01T07:45:00Z");
        assertThat(task.get("reminder_offset").asText()).isEqualTo("PT15M");
        assertThat(task.get("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(task.get("recurrence_pattern").isNull()).isTrue();
        assertThat(task.get("recurrence_anchor").asText()).isEqualTo("due");
        assertThat(UUID.fromString(task.get("series_id").asText())).isNotNull();
        assertThat(task.get("occurrence").asInt()).isEqualTo(1);
        assertThat(task.get("version").asLong()).isZero();
        assertThat(task.get("created_at").asText()).endsWith("Z");
        assertThat(task.get("updated_at").asText()).isEqualTo(task.get("created_at").asText());
        assertThat(task.has("recurring")).isFalse();
    }

    @Test
    void createAppliesDefaults() throws Exception {
        JsonNode task = create("{\"title\":\"Plain\"}");
        assertThat(task.get("priority").asText()).isEqualTo("medium");
        assertThat(task.get("time_zone").asText()).isEqualTo("UTC");
        assertThat(task.get("tags")).isEmpty();
        assertThat(task.get("due_at").isNull()).isTrue();
        assertThat(task.get("remind_at").isNull()).isTrue();
    }

    @Test
    void dueAtWithAnOffsetIsStoredAsThatInstant() throws Exception {
        JsonNode task = create("{\"title\":\"t\",\"due_at\":\"2026-07-01T09:00:00-04:00\",\"time_zone\":\"Asia/Tokyo\"}");
        assertThat(task.get("due_at").asText()).isEqualTo("2026-07-01T13:00:00Z");
    }

    @Test
    void readReturnsTheTaskWithETagAndHonoursIfNoneMatch() throws Exception {
        long id = create("{\"title\":\"Read me\"}").get("id").asLong();
        mvc.perform(asUser(get(tasksPath() + "/" + id)))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
                .andExpect(jsonPath("$.title").value("Read me"));
        mvc.perform(asUser(get(tasksPath() + "/" + id)).header(HttpHeaders.IF_NONE_MATCH, "\"0\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void putReplacesEveryFieldAndBumpsTheVersion() throws Exception {
        long id = create("""
                {"title":"Old","description":"d","priority":"low","tags":["a"],"due_at":"2026-05-01T10:00:00Z",
                 "reminder_offset":"PT1H"}""").get("id").asLong();
        mvc.perform(asUser(put(tasksPath() + "/" + id)).contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.IF_MATCH, "\"0\"")
                        .content("{\"title\":\"New\",\"priority\":\"high\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(jsonPath("$.title").value("New"))
                .andExpect(jsonPath("$.description").isEmpty())
                .andExpect(jsonPath("$.priority").value("high"))
                .andExpect(jsonPath("$.tags").isEmpty())
                .andExpect(jsonPath("$.due_at").isEmpty())
                .andExpect(jsonPath("$.reminder_offset").isEmpty())
                .andExpect(jsonPath("$.remind_at").isEmpty())
                .andExpect(jsonPath("$.version").value(1));
    }

    @Test
    void staleIfMatchAnswers412AndChangesNothing() throws Exception {
        long id = create("{\"title\":\"v0\"}").get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH).content("{\"title\":\"v1\"}"))
                .andExpect(status().isOk());
        long events = outboxCount(id);

        mvc.perform(asUser(put(tasksPath() + "/" + id)).contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.IF_MATCH, "\"0\"").content("{\"title\":\"lost update\"}"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(412))
                .andExpect(jsonPath("$.type").value("https://todo.dev/problems/stale-version"));
        for (var request : new org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder[] {
                patch(tasksPath() + "/" + id).contentType(MERGE_PATCH).content("{\"title\":\"x\"}"),
                patch(tasksPath() + "/" + id + "/complete"),
                delete(tasksPath() + "/" + id)}) {
            mvc.perform(asUser(request).header(HttpHeaders.IF_MATCH, "W/\"0\""))
                    .andExpect(status().isPreconditionFailed());
        }
        mvc.perform(asUser(get(tasksPath() + "/" + id))).andExpect(jsonPath("$.title").value("v1"));
        assertThat(outboxCount(id)).isEqualTo(events);
        // the current ETag, weak or strong, or *, passes
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH)
                        .header(HttpHeaders.IF_MATCH, "\"7\", W/\"1\"").content("{\"title\":\"v2\"}"))
                .andExpect(status().isOk()).andExpect(header().string(HttpHeaders.ETAG, "\"2\""));
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH)
                        .header(HttpHeaders.IF_MATCH, "*").content("{\"title\":\"v3\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void patchIsAJsonMergePatchWithNullRemovingAField() throws Exception {
        long id = create("""
                {"title":"Keep","description":"remove me","tags":["x"],"due_at":"2026-05-01T10:00:00Z",
                 "reminder_offset":"PT30M","time_zone":"Europe/Berlin"}""").get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH)
                        .content("{\"description\":null,\"priority\":\"low\",\"reminder_offset\":\"PT2H\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("Keep"))
                .andExpect(jsonPath("$.description").isEmpty())
                .andExpect(jsonPath("$.priority").value("low"))
                .andExpect(jsonPath("$.tags[0]").value("x"))
                .andExpect(jsonPath("$.due_at").value("2026-05-01T10:00:00Z"))
                .andExpect(jsonPath("$.remind_at").value("2026-05-01T08:00:00Z"));
        // application/json is accepted too
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tags\":[\"y\",\"Z\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tags[1]").value("z"));
    }

    @Test
    void aChangeThatChangesNothingKeepsTheVersionAndWritesNoEvent() throws Exception {
        long id = create("{\"title\":\"Same\",\"priority\":\"high\"}").get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH).content("{\"priority\":\"high\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(0));
        assertThat(outboxCount(id)).isEqualTo(1);
    }

    @Test
    void completeTogglesAndAnExplicitBodyIsIdempotent() throws Exception {
        long id = create("{\"title\":\"Toggle\"}").get("id").asLong();
        String path = tasksPath() + "/" + id + "/complete";
        mvc.perform(asUser(patch(path)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.completed").value(true))
                .andExpect(jsonPath("$.completed_at").isNotEmpty());
        mvc.perform(asUser(patch(path)))
                .andExpect(jsonPath("$.completed").value(false))
                .andExpect(jsonPath("$.completed_at").isEmpty());
        for (int i = 0; i < 2; i++) {
            mvc.perform(asUser(patch(path)).contentType(MediaType.APPLICATION_JSON).content("{\"completed\":true}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.completed").value(true))
                    .andExpect(jsonPath("$.version").value(3));
        }
        // created, completed, uncompleted, completed: the repeated explicit completion added nothing
        assertThat(jdbc.sql("select event_type from outbox_events where task_id = :id order by id")
                .param("id", id).query(String.class).list())
                .containsExactly("created", "completed", "uncompleted", "completed");
    }

    @Test
    void deleteAnswers204ThenTheTaskIsGone() throws Exception {
        long id = create("{\"title\":\"Bye\"}").get("id").asLong();
        mvc.perform(asUser(delete(tasksPath() + "/" + id))).andExpect(status().isNoContent());
        mvc.perform(asUser(get(tasksPath() + "/" + id)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(asUser(delete(tasksPath() + "/" + id))).andExpect(status().isNotFound());
    }

    @Test
    void historyListsTheTaskEventsOldestFirstWithTheTaskAsTheApiReturnsIt() throws Exception {
        JsonNode created = create("{\"title\":\"History\"}");
        long id = created.get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MERGE_PATCH).content("{\"title\":\"History 2\"}"));
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete")));

        JsonNode history = body(mvc.perform(asUser(get(tasksPath() + "/" + id + "/history")))
                .andExpect(status().isOk()).andReturn());

        assertThat(history).hasSize(3);
        assertThat(history).extracting(e -> e.get("event_type").asText())
                .containsExactly("created", "updated", "completed");
        JsonNode first = history.get(0);
        assertThat(first.get("schema_version").asInt()).isEqualTo(1);
        assertThat(first.get("task_id").asLong()).isEqualTo(id);
        assertThat(first.get("user_id").asText()).isEqualTo(user);
        assertThat(UUID.fromString(first.get("event_id").asText())).isNotNull();
        assertThat(Instant.parse(first.get("timestamp").asText())).isNotNull();
        assertThat(first.get("task_data")).isEqualTo(created);
        assertThat(history.get(1).get("task_data").get("title").asText()).isEqualTo("History 2");
        assertThat(history.get(2).get("task_data").get("version").asLong()).isEqualTo(2);
    }

    @Test
    void openApiAndProbesAreOpen() throws Exception {
        String docs = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/{user_id}/tasks']").exists())
                .andReturn().getResponse().getContentAsString();
        // only the public API (issue 13): no route Dapr calls
        java.util.List<String> paths = new java.util.ArrayList<>();
        json.readTree(docs).path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/"));
        assertThat(docs).doesNotContain("/internal/", "/job/", "/dapr/");
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    }

    @Test
    void requestMetricsCarryTheRouteTemplateWithBucketsForP99() throws Exception {
        long id = create("{\"title\":\"Measured\"}").get("id").asLong();
        mvc.perform(asUser(get(tasksPath() + "/" + id))).andExpect(status().isOk());

        String scrape = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(scrape).contains("uri=\"/api/{user_id}/tasks/{id}\"").doesNotContain("/tasks/" + id + "\"");
        assertThat(scrape.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/api/{user_id}/tasks/{id}\""))).hasSizeGreaterThan(10);
        assertThat(scrape).contains("todo_outbox_oldest_pending_age_seconds ", "todo_outbox_pending ",
                "todo_reminder_jobs_pending ");
        // the relay's timings (issue 12), documented in docs/CONVENTIONS.md
        assertThat(scrape).contains("todo_outbox_pickup_lag_seconds_bucket", "todo_outbox_wave_publish_seconds_bucket",
                "todo_outbox_wave_size_events_count");
        // no long-task timer per request (issue 12: its start/stop showed in the create profile; nothing reads it)
        assertThat(scrape).doesNotContain("http_server_requests_active");
    }
}
