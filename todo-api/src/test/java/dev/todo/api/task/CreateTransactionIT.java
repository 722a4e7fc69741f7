package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.config.TransactionManagers;
import dev.todo.api.support.ApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A create runs under the JDBC-only manager ({@link TransactionManagers#JDBC}): its four rows (task, outbox event,
 * history, wanted reminder job) must still be one transaction. The failure is forced by PostgreSQL at commit, after
 * every statement of the create has run, so a row written on any other connection would survive it.
 */
class CreateTransactionIT extends ApiIntegrationTest {

    private static final String WITH_REMINDER = """
            {"title":"Call the plumber","due_at":"2026-06-01T09:00","time_zone":"UTC","reminder_offset":"PT1H"}""";

    @AfterEach
    void dropTheFailure() {
        jdbc.sql("drop trigger if exists create_transaction_it_fail on tasks").update();
        jdbc.sql("drop function if exists create_transaction_it_fail()").update();
    }

    @Test
    void givenACreateWithAReminder_whenItCommits_thenTaskOutboxHistoryAndReminderJobAreAllThere() throws Exception {
        long id = create(WITH_REMINDER).get("id").asLong();

        assertThat(rowsOf(id)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tasks", 1L, "outbox_events", 1L, "task_history", 1L, "reminder_jobs", 1L));
    }

    @Test
    void givenACreateWithAReminder_whenItsCommitFails_thenNoneOfItsRowsRemain() throws Exception {
        long reminderJobsBefore = count("select count(*) from reminder_jobs");
        failEveryCommitOfMyTasks();

        mvc.perform(asUser(post(tasksPath()).contentType(MediaType.APPLICATION_JSON).content(WITH_REMINDER)))
                .andExpect(status().is5xxServerError());

        assertThat(count("select count(*) from tasks where user_id = ?")).isZero();
        assertThat(count("select count(*) from outbox_events where user_id = ?")).isZero();
        assertThat(count("select count(*) from task_history where user_id = ?")).isZero();
        // reminder_jobs has no user column; ITs of this context run one at a time
        assertThat(count("select count(*) from reminder_jobs")).isEqualTo(reminderJobsBefore);
    }

    /** A deferred constraint trigger: it raises when the transaction commits, after the create's last statement. */
    private void failEveryCommitOfMyTasks() {
        jdbc.sql("""
                create function create_transaction_it_fail() returns trigger language plpgsql as $$
                begin raise exception 'forced failure at commit'; end $$""").update();
        jdbc.sql("""
                create constraint trigger create_transaction_it_fail after insert on tasks
                deferrable initially deferred for each row when (new.user_id = '%s')
                execute function create_transaction_it_fail()""".formatted(user)).update();
    }

    private Map<String, Long> rowsOf(long taskId) {
        return Map.of(
                "tasks", count("select count(*) from tasks where id = ?", taskId),
                "outbox_events", count("select count(*) from outbox_events where task_id = ?", taskId),
                "task_history", count("select count(*) from task_history where task_id = ?", taskId),
                "reminder_jobs", count("select count(*) from reminder_jobs where task_id = ?", taskId));
    }

    private long count(String sql) {
        return sql.contains("?") ? count(sql, user) : jdbc.sql(sql).query(Long.class).single();
    }

    private long count(String sql, Object parameter) {
        return jdbc.sql(sql).param(parameter).query(Long.class).single();
    }
}
