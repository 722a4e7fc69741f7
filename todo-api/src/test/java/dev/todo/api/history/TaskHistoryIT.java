package dev.todo.api.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.outbox.OutboxPruner;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.api.task.TaskRequest;
import dev.todo.api.task.TaskService;
import dev.todo.common.web.PageLinks;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The task history in its own table: written with the change, paged like the task list, kept past the outbox. */
class TaskHistoryIT extends ApiIntegrationTest {

    @Autowired
    TaskService tasks;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    OutboxPruner pruner;

    private long historyRows() {
        return jdbc.sql("select count(*) from task_history where user_id = :user").param("user", user)
                .query(Long.class).single();
    }

    /** A task with five events: created, then four title changes (versions 1 to 4). */
    private long taskWithFiveEvents() throws Exception {
        long id = create("{\"title\":\"v0\"}").get("id").asLong();
        for (int version = 1; version <= 4; version++) {
            mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"title\":\"v" + version + "\"}")).andExpect(status().isOk());
        }
        return id;
    }

    @Test
    void aRolledBackChangeLeavesNoHistoryRow() throws Exception {
        TaskRequest request = json.readValue("{\"title\":\"Never committed\"}", TaskRequest.class);
        AtomicLong insideTheTransaction = new AtomicLong();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            tasks.create(user, request);
            insideTheTransaction.set(historyRows());
            status.setRollbackOnly();
        });

        assertThat(insideTheTransaction.get()).isEqualTo(1);
        assertThat(historyRows()).isZero();
    }

    @Test
    void theHistoryIsPagedOldestFirstWithTotalAndLinks() throws Exception {
        long id = taskWithFiveEvents();
        String path = tasksPath() + "/" + id + "/history";

        JsonNode page = body(mvc.perform(asUser(get(path).param("page", "1").param("size", "2")))
                .andExpect(status().isOk())
                .andExpect(header().string(PageLinks.TOTAL_COUNT, "5"))
                .andExpect(header().string(HttpHeaders.LINK, org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("page=0&size=2>; rel=\"first\""),
                        org.hamcrest.Matchers.containsString("page=0&size=2>; rel=\"prev\""),
                        org.hamcrest.Matchers.containsString("page=2&size=2>; rel=\"next\""),
                        org.hamcrest.Matchers.containsString("page=2&size=2>; rel=\"last\""))))
                .andReturn());

        assertThat(page).hasSize(2);
        assertThat(page).extracting(e -> e.get("task_data").get("title").asText()).containsExactly("v2", "v3");
        assertThat(page).extracting(e -> e.get("event_type").asText()).containsExactly("updated", "updated");
    }

    @Test
    void aPageLargerThanTheTaskListsLimitIsRefused() throws Exception {
        long id = create("{\"title\":\"Too much\"}").get("id").asLong();

        mvc.perform(asUser(get(tasksPath() + "/" + id + "/history").param("size", "201")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("size"));
    }

    @Test
    void theHistorySurvivesPruningOfTheOutbox() throws Exception {
        long id = taskWithFiveEvents();
        jdbc.sql("update outbox_events set published_at = timestamptz '2025-01-01T00:00:00Z' where task_id = :id")
                .param("id", id).update();

        pruner.prune();

        assertThat(outboxCount(id)).isZero();
        mvc.perform(asUser(get(tasksPath() + "/" + id + "/history")))
                .andExpect(status().isOk())
                .andExpect(header().string(PageLinks.TOTAL_COUNT, "5"))
                .andExpect(jsonPath("$.length()").value(5))
                .andExpect(jsonPath("$[0].event_type").value("created"))
                .andExpect(jsonPath("$[4].task_data.title").value("v4"));
    }
}
