package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.api.task.TaskRequest;
import dev.todo.api.task.TaskService;
import dev.todo.common.events.TaskData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

/** SPEC §3: every state change and its event commit together, exactly one event per change. */
class OutboxIT extends ApiIntegrationTest {

    @Autowired
    TaskService tasks;
    @Autowired
    TransactionTemplate transaction;

    private List<Map<String, Object>> events(long taskId) {
        return jdbc.sql("""
                        select event_id, task_id, user_id, topic, event_type, payload::text as payload, published_at
                        from outbox_events where task_id = :id order by id""")
                .param("id", taskId).query().listOfRows();
    }

    @Test
    void eachStateChangeLeavesExactlyOneEvent() throws Exception {
        long id = create("{\"title\":\"Outbox\"}").get("id").asLong();
        assertThat(events(id)).hasSize(1);

        mvc.perform(asUser(put(tasksPath() + "/" + id)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"title\":\"Outbox 2\"}")).andExpect(status().isOk());
        assertThat(events(id)).hasSize(2);
        mvc.perform(asUser(patch(tasksPath() + "/" + id)).contentType("application/merge-patch+json")
                .content("{\"priority\":\"high\"}")).andExpect(status().isOk());
        assertThat(events(id)).hasSize(3);
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete"))).andExpect(status().isOk());
        assertThat(events(id)).hasSize(4);
        mvc.perform(asUser(patch(tasksPath() + "/" + id + "/complete"))).andExpect(status().isOk());
        assertThat(events(id)).hasSize(5);
        mvc.perform(asUser(delete(tasksPath() + "/" + id))).andExpect(status().isNoContent());

        List<Map<String, Object>> events = events(id);
        assertThat(events).extracting(e -> e.get("event_type"))
                .containsExactly("created", "updated", "updated", "completed", "uncompleted", "deleted");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("topic")).isEqualTo("task-events");
            assertThat(e.get("user_id")).isEqualTo(user);
            assertThat(e.get("published_at")).isNull();
        });
        assertThat(events).extracting(e -> e.get("event_id")).doesNotHaveDuplicates();
        JsonNode last = json.readTree((String) events.get(5).get("payload"));
        assertThat(last.get("event_type").asText()).isEqualTo("deleted");
        assertThat(last.get("event_id").asText()).isEqualTo(events.get(5).get("event_id").toString());
        assertThat(last.get("task_data").get("title").asText()).isEqualTo("Outbox 2");
        assertThat(last.get("task_data").get("version").asLong()).isEqualTo(4);
    }

    @Test
    void aChangeRolledBackLeavesNoEvent() throws Exception {
        long id = create("{\"title\":\"Before\"}").get("id").asLong();
        long tasksBefore = taskCount();
        long eventsBefore = outboxCount();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            TaskData created = tasks.create(user, new TaskRequest("Rolled back", null, null, null, null, null, null,
                    null, null, null));
            tasks.replace(user, id, new TaskRequest("Changed", null, null, null, null, null, null, null, null, null),
                    null);
            assertThat(created.id()).isPositive();
            assertThat(outboxCount()).isEqualTo(eventsBefore + 2); // written inside the transaction...
            throw new IllegalStateException("simulated failure after the change");
        })).hasMessageContaining("simulated failure");

        // ...and gone with it
        assertThat(outboxCount()).isEqualTo(eventsBefore);
        assertThat(taskCount()).isEqualTo(tasksBefore);
        assertThat(events(id)).hasSize(1);
        assertThat(tasks.get(user, id).title()).isEqualTo("Before");
    }

    @Test
    void theOutboxWriterRefusesToRunOutsideATransaction() {
        OutboxWriter writer = applicationOutboxWriter;
        assertThatThrownBy(() -> writer.taskEvent(dev.todo.common.events.TaskEventType.CREATED,
                tasks.get(user, create("{\"title\":\"x\"}").get("id").asLong())))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }

    @Autowired
    OutboxWriter applicationOutboxWriter;

    @Test
    void aConcurrentWriterMakesTheSlowerUpdateFailWithoutAnEvent() throws Exception {
        long id = create("{\"title\":\"Race\"}").get("id").asLong();
        TransactionTemplate other = new TransactionTemplate(transaction.getTransactionManager());
        other.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            tasks.get(user, id); // this transaction now holds version 0
            other.executeWithoutResult(s -> jdbc.sql("update tasks set title = 'winner', version = version + 1 where id = :id")
                    .param("id", id).update());
            tasks.replace(user, id, new TaskRequest("loser", null, null, null, null, null, null, null, null, null), null);
        })).isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);

        assertThat(tasks.get(user, id).title()).isEqualTo("winner");
        assertThat(events(id)).hasSize(1);
    }
}
