package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.common.events.TaskData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A create writes its row with plain JDBC ({@link TaskInsert}); every later read goes through the entity. What the
 * create answered (and put into its event) must be exactly what Hibernate reads back from that row.
 */
class TaskInsertIT extends ApiIntegrationTest {

    @Autowired
    private TaskRepository repository;

    @Test
    void givenATaskWithEveryField_whenCreated_thenTheEntityReadsBackWhatTheCreateAnswered() throws Exception {
        JsonNode created = create("""
                {"title":"Water plants","description":"the big ones","priority":"low","tags":["home","Garden"],
                 "due_at":"2026-12-01T09:00","time_zone":"Europe/Berlin","recurrence_pattern":"FREQ=WEEKLY;BYDAY=MO,TH",
                 "recurrence_anchor":"completion","reminder_offset":"PT1H30M"}""");

        Task stored = repository.findById(created.get("id").asLong()).orElseThrow();

        assertThat(TaskMapper.toData(stored)).isEqualTo(json.treeToValue(created, TaskData.class));
        assertThat(created.get("series_start_at")).isEqualTo(created.get("due_at"));
        assertThat(stored.getTags()).containsExactly("home", "garden");
    }

    @Test
    void givenATaskWithOnlyATitle_whenCreated_thenTheEntityReadsBackWhatTheCreateAnswered() throws Exception {
        JsonNode created = create("{\"title\":\"Plain\"}");

        Task stored = repository.findById(created.get("id").asLong()).orElseThrow();

        assertThat(TaskMapper.toData(stored)).isEqualTo(json.treeToValue(created, TaskData.class));
        assertThat(stored.getTags()).isEmpty();
        assertThat(stored.getVersion()).isZero();
    }

    @Test
    void givenACreatedTask_whenItIsUpdated_thenHibernateTakesItOverAtVersionZero() throws Exception {
        long id = create("{\"title\":\"First\",\"tags\":[\"a\"]}").get("id").asLong();

        JsonNode patched = json.readTree(mvc.perform(asUser(patch(tasksPath() + "/" + id)
                        .header("If-Match", "\"0\"").contentType("application/merge-patch+json")
                        .content("{\"title\":\"Second\"}")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(patched.get("title").asText()).isEqualTo("Second");
        assertThat(patched.get("version").asLong()).isEqualTo(1);
        assertThat(patched.get("tags")).extracting(JsonNode::asText).containsExactly("a");
    }
}
