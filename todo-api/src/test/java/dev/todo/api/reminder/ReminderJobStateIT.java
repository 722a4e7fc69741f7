package dev.todo.api.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.support.ApiIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every task change through the API records the reminder job the task wants, in its own transaction. */
class ReminderJobStateIT extends ApiIntegrationTest {

    private Map<String, Object> jobRow(long taskId) {
        return jdbc.sql("select remind_at, scheduled_remind_at, task_version from reminder_jobs where task_id = :id")
                .param("id", taskId).query().listOfRows().stream().findFirst().orElse(null);
    }

    @Test
    void aReminderIsWantedUntilTheTaskIsCompletedOrDeleted() throws Exception {
        long id = create("""
                {"title":"Dentist","due_at":"2026-12-01T09:00:00Z","reminder_offset":"PT15M"}""").get("id").asLong();
        assertThat(jobRow(id)).containsEntry("remind_at", Timestamp.from(Instant.parse("2026-12-01T08:45:00Z")))
                .containsEntry("scheduled_remind_at", null);

        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete"))).andExpect(status().isOk());
        // the Scheduler never confirmed the job (no worker here): nothing to cancel, nothing pending
        assertThat(jobRow(id)).containsEntry("remind_at", null).containsEntry("task_version", 1L);
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete"))).andExpect(status().isOk());
        assertThat(jobRow(id)).containsEntry("remind_at", Timestamp.from(Instant.parse("2026-12-01T08:45:00Z")));

        mvc.perform(asUser(delete(tasksPath() + "/" + id))).andExpect(status().isNoContent());
        assertThat(jobRow(id)).containsEntry("remind_at", null);
    }

    @Test
    void aTaskWithoutAReminderWritesNoJobState() throws Exception {
        long id = create("{\"title\":\"No reminder\",\"due_at\":\"2026-12-01T09:00:00Z\"}").get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete"))).andExpect(status().isOk());
        mvc.perform(asUser(delete(tasksPath() + "/" + id))).andExpect(status().isNoContent());

        assertThat(jobRow(id)).isNull();
    }
}
