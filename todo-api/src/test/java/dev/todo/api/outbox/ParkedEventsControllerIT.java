package dev.todo.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.support.ApiIntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The operator's parked-row routes: app token only, listing, replay of chosen rows. */
class ParkedEventsControllerIT extends ApiIntegrationTest {

    private static final String PARKED = "/internal/outbox/parked";

    @Test
    void listsParkedRowsWithTheirLastError() throws Exception {
        long row = parkedRowOfANewTask();

        mvc.perform(get(PARKED).header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == " + row + ")].last_error").value("403 refused"))
                .andExpect(jsonPath("$[?(@.id == " + row + ")].event_type").value("created"));
    }

    @Test
    void replaysOnlyTheChosenRows() throws Exception {
        long chosen = parkedRowOfANewTask();
        long other = parkedRowOfANewTask();

        mvc.perform(post(PARKED + "/replay").param("id", Long.toString(chosen)).header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed").value(1));

        assertThat(isParked(chosen)).isFalse();
        assertThat(isParked(other)).isTrue();
    }

    @Test
    void needsTheAppTokenAndNoUserTokenWillDo() throws Exception {
        long row = parkedRowOfANewTask();

        mvc.perform(post(PARKED + "/replay")).andExpect(status().isUnauthorized());
        mvc.perform(asUser(post(PARKED + "/replay"))).andExpect(status().isUnauthorized());
        mvc.perform(asUser(get(PARKED))).andExpect(status().isUnauthorized());
        assertThat(isParked(row)).isTrue();
    }

    @Test
    void aMalformedIdIsAProblem() throws Exception {
        mvc.perform(post(PARKED + "/replay").param("id", "seven").header("dapr-api-token", APP_TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(Matchers.is(400)));
    }

    private long parkedRowOfANewTask() throws Exception {
        long taskId = create("{\"title\":\"Parked\"}").get("id").asLong();
        return jdbc.sql("""
                        update outbox_events set parked_at = now(), attempts = 10, strikes = 10, last_error = '403 refused'
                        where task_id = :taskId returning id
                        """)
                .param("taskId", taskId).query(Long.class).single();
    }

    private boolean isParked(long id) {
        return jdbc.sql("select parked_at is not null from outbox_events where id = :id").param("id", id)
                .query(Boolean.class).single();
    }
}
