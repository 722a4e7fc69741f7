package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.support.ApiIntegrationTest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 14: with tracing on (the services' real tracer, spans not exported), every outbox row keeps the trace
 * of the request that wrote it, and a fired reminder's row keeps the trace stored in its job's data.
 */
@AutoConfigureObservability
@TestPropertySource(properties = "management.zipkin.tracing.export.enabled=false")
class OutboxTraceContextIT extends ApiIntegrationTest {

    @Test
    void eachEventRowKeepsTheTraceOfTheRequestThatWroteIt() throws Exception {
        String created = randomTraceId();
        long id = mvc.perform(asUser(post(tasksPath())).header("traceparent", traceparent(created))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"Traced\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()
                .transform(body -> readId(body));
        String completed = randomTraceId();
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete")).header("traceparent", traceparent(completed)))
                .andExpect(status().isOk());

        List<String> stored = traceparents(id, "task-events");
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0)).matches("00-" + created + "-[0-9a-f]{16}-01");
        assertThat(stored.get(1)).matches("00-" + completed + "-[0-9a-f]{16}-01");
        // the server's span below the caller's, not the caller's own span
        assertThat(stored.get(0)).isNotEqualTo(traceparent(created));
    }

    @Test
    void aFiredReminderWritesItsEventInTheTraceStoredWithTheJob() throws Exception {
        // remind_at lies before the IT clock's start, so the job is due when fired
        long id = create("{\"title\":\"Remind me\",\"due_at\":\"2026-01-01T01:00:00Z\",\"reminder_offset\":\"PT2H\"}")
                .get("id").asLong();
        String scheduledBy = randomTraceId();

        mvc.perform(post("/job/reminder-" + id).header("dapr-api-token", APP_TOKEN)
                        .header("traceparent", traceparent(randomTraceId()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"task_id\":" + id + ",\"remind_at\":\"2025-12-31T23:00:00Z\",\"traceparent\":\""
                                + traceparent(scheduledBy) + "\"}"))
                .andExpect(status().isOk());

        assertThat(traceparents(id, "reminders")).singleElement().asString()
                .matches("00-" + scheduledBy + "-[0-9a-f]{16}-01");
    }

    @Test
    void aJobWithoutStoredContextStillFires() throws Exception {
        long id = create("{\"title\":\"Old job\",\"due_at\":\"2026-01-01T01:00:00Z\",\"reminder_offset\":\"PT2H\"}")
                .get("id").asLong();

        mvc.perform(post("/job/reminder-" + id).header("dapr-api-token", APP_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).content("not json"))
                .andExpect(status().isOk());

        assertThat(traceparents(id, "reminders")).singleElement().asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    private List<String> traceparents(long taskId, String topic) {
        return jdbc.sql("select traceparent from outbox_events where task_id = :id and topic = :topic order by id")
                .param("id", taskId).param("topic", topic).query(String.class).list();
    }

    private long readId(String body) {
        try {
            return json.readTree(body).get("id").asLong();
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static String randomTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + traceId.substring(0, 16) + "-01";
    }
}
