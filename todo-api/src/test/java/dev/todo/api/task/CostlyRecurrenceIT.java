package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Issue 11: a valid RRULE with long BY* lists expanded tens of millions of instances for one year and took
 * todo-api down with an OutOfMemoryError. Now such a rule is refused before anything is expanded: a create,
 * PUT or PATCH with it answers 400 problem+json naming {@code recurrence_pattern}, stores nothing, and the
 * next ordinary request is answered as usual.
 */
class CostlyRecurrenceIT extends ApiIntegrationTest {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String MERGE = "application/merge-patch+json";

    private static String range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    /** The rule from the issue: valid RFC 5545, exactly 500 characters, 36,288,000 instances in one year. */
    private static final String ISSUE_RULE = "FREQ=YEARLY;BYMONTH=" + range(1, 12)
            + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + range(0, 23) + ";BYMINUTE=" + range(0, 59)
            + ";BYSECOND=" + range(0, 59);
    /** The same without BYSECOND, and only quarter hours: still 40,320 instances a year. */
    private static final String PRODUCT_RULE = "FREQ=YEARLY;BYMONTH=" + range(1, 12)
            + ";BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=" + range(0, 23) + ";BYMINUTE=0,15,30,45";

    private static String body(String rule) {
        return "{\"title\":\"Costly\",\"due_at\":\"2026-03-02T09:00:00Z\",\"recurrence_pattern\":\"" + rule + "\"}";
    }

    /** Sends the request, expects a 400 validation problem naming recurrence_pattern, returns its message. */
    private String refused(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(asUser(request)).andExpect(status().isBadRequest()).andReturn();
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // JSON is UTF-8 (the messages use ×); MockMvc would read a body without a charset as ISO-8859-1
        JsonNode problem = json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors")).hasSize(1);
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("recurrence_pattern");
        return error.get("message").asText();
    }

    @Test
    void theIssueRuleIsRefusedAndTheNextRequestIsAnswered() throws Exception {
        assertThat(ISSUE_RULE).hasSize(500);
        long tasksBefore = taskCount();
        long outboxBefore = outboxCount();

        assertThat(refused(post(tasksPath()).contentType(JSON).content(body(ISSUE_RULE))))
                .isEqualTo("BYSECOND may list at most 1 value (it lists 60)");
        assertThat(refused(post(tasksPath()).contentType(JSON).content(body(PRODUCT_RULE))))
                .isEqualTo("at most 1000 instances per period "
                        + "(FREQ=YEARLY: BYMONTH × BYDAY × BYHOUR × BYMINUTE = 12 × 35 × 24 × 4 = 40320)");
        assertThat(refused(post(tasksPath()).contentType(JSON).content(body("FREQ=YEARLY;INTERVAL=1000"))))
                .startsWith("INTERVAL may be at most 50");

        assertThat(taskCount()).isEqualTo(tasksBefore);
        assertThat(outboxCount()).isEqualTo(outboxBefore);

        // the next ordinary request: a recurring task is created and previewed as always
        JsonNode task = create("""
                {"title":"Standup","due_at":"2026-03-02T09:00:00Z","recurrence_pattern":"FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9,17"}""");
        JsonNode next = body(mvc.perform(asUser(get(tasksPath() + "/" + task.get("id").asLong() + "/occurrences?count=100")))
                .andExpect(status().isOk()).andReturn());
        assertThat(next).hasSize(100);
        assertThat(next.get(0).get("due_at").asText()).isEqualTo("2026-03-02T17:00:00Z");
    }

    @Test
    void updatesWithTheRuleAreRefusedAndChangeNothing() throws Exception {
        JsonNode task = create(body("weekly"));
        String path = tasksPath() + "/" + task.get("id").asLong();
        long outboxBefore = outboxCount(task.get("id").asLong());

        assertThat(refused(put(path).contentType(JSON).content(body(ISSUE_RULE)))).contains("BYSECOND");
        assertThat(refused(patch(path).contentType(MERGE).content("{\"recurrence_pattern\":\"" + PRODUCT_RULE + "\"}")))
                .startsWith("at most 1000 instances per period");

        JsonNode stored = body(mvc.perform(asUser(get(path))).andExpect(status().isOk()).andReturn());
        assertThat(stored.get("recurrence_pattern").asText()).isEqualTo("weekly");
        assertThat(stored.get("version").asLong()).isEqualTo(task.get("version").asLong());
        assertThat(outboxCount(task.get("id").asLong())).isEqualTo(outboxBefore);
    }

    @Test
    void aCostlyRuleStoredBeforeTheBoundIsAnsweredWith400NotExpanded() throws Exception {
        long id = create(body("weekly")).get("id").asLong();
        // as if written before the bound existed
        jdbc.sql("update tasks set recurrence_pattern = :rule where id = :id")
                .param("rule", ISSUE_RULE).param("id", id).update();

        assertThat(refused(get(tasksPath() + "/" + id + "/occurrences?count=100"))).contains("BYSECOND");
        mvc.perform(asUser(post(tasksPath()).contentType(JSON).content(body("daily")))).andExpect(status().isCreated());
    }
}
