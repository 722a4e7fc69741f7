package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * SPEC §2 "Errors": malformed input of every kind answers 4xx problem+json and never changes stored data.
 * Each case checks the whole tasks table (checksum) and the outbox before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends ApiIntegrationTest {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String MERGE = "application/merge-patch+json";
    private static final String DUE = "\"due_at\":\"2026-03-01T09:00:00Z\"";

    private long taskId;

    /** One malformed request: what it is, how to build it for the existing task, the status it must get. */
    record Case(String name, Function<BadInputIT, MockHttpServletRequestBuilder> request, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void existingTask() throws Exception {
        taskId = create("""
                {"title":"Existing","tags":["keep"],"due_at":"2026-03-01T09:00:00Z","recurrence_pattern":"daily"}""")
                .get("id").asLong();
    }

    String tasks() {
        return tasksPath();
    }

    String task() {
        return tasksPath() + "/" + taskId;
    }

    private static Case postCase(String name, String body) {
        return new Case("POST " + name, t -> post(t.tasks()).contentType(JSON).content(body), 400);
    }

    private static Case list(String name, String query) {
        return new Case("GET list " + name, t -> get(URI.create(t.tasks() + "?" + query)), 400);
    }

    Stream<Case> malformed() {
        List<Case> cases = new ArrayList<>(List.of(
                // broken JSON
                postCase("unterminated object", "{"),
                postCase("trailing comma", "{\"title\":\"a\",}"),
                postCase("single quotes", "{'title':'a'}"),
                postCase("array instead of object", "[]"),
                postCase("string instead of object", "\"a task\""),
                postCase("empty body", ""),
                postCase("null body", "null"),
                postCase("garbage", "title=a&priority=high"),
                // wrong types
                postCase("title as number", "{\"title\":5}"),
                postCase("title as boolean", "{\"title\":true}"),
                postCase("title as array", "{\"title\":[\"a\"]}"),
                postCase("title as object", "{\"title\":{\"text\":\"a\"}}"),
                postCase("completed as string", "{\"title\":\"a\",\"completed\":\"yes\"}"),
                postCase("completed as number", "{\"title\":\"a\",\"completed\":1}"),
                postCase("tags as string", "{\"title\":\"a\",\"tags\":\"work\"}"),
                postCase("tags of numbers", "{\"title\":\"a\",\"tags\":[1,2]}"),
                postCase("due_at as number", "{\"title\":\"a\",\"due_at\":1767225600}"),
                // unknown enums
                postCase("unknown priority", "{\"title\":\"a\",\"priority\":\"urgent\"}"),
                postCase("upper-case priority", "{\"title\":\"a\",\"priority\":\"HIGH\"}"),
                postCase("unknown anchor", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"daily\",\"recurrence_anchor\":\"sometimes\"}"),
                // field rules
                postCase("missing title", "{}"),
                postCase("empty title", "{\"title\":\"\"}"),
                postCase("blank title", "{\"title\":\"   \"}"),
                postCase("title of 201 characters", "{\"title\":\"" + "t".repeat(201) + "\"}"),
                postCase("title with NUL", "{\"title\":\"a\\u0000b\"}"),
                postCase("description of 4001 characters", "{\"title\":\"a\",\"description\":\"" + "d".repeat(4001) + "\"}"),
                postCase("21 tags", "{\"title\":\"a\",\"tags\":[" + tags(21) + "]}"),
                postCase("tag of 31 characters", "{\"title\":\"a\",\"tags\":[\"" + "x".repeat(31) + "\"]}"),
                postCase("empty tag", "{\"title\":\"a\",\"tags\":[\"\"]}"),
                postCase("null tag", "{\"title\":\"a\",\"tags\":[null]}"),
                postCase("due_at not a date", "{\"title\":\"a\",\"due_at\":\"tomorrow\"}"),
                postCase("due_at month 13", "{\"title\":\"a\",\"due_at\":\"2026-13-01T00:00:00Z\"}"),
                postCase("due_at date only", "{\"title\":\"a\",\"due_at\":\"2026-03-01\"}"),
                postCase("due_at year 999999999", "{\"title\":\"a\",\"due_at\":\"+999999999-12-31T23:59:59Z\"}"),
                postCase("unknown zone", "{\"title\":\"a\",\"time_zone\":\"Mars/Olympus_Mons\"}"),
                postCase("offset instead of zone", "{\"title\":\"a\",\"time_zone\":\"+02:00\"}"),
                postCase("zone in wrong case", "{\"title\":\"a\",\"time_zone\":\"europe/berlin\"}"),
                postCase("recurrence without due_at", "{\"title\":\"a\",\"recurrence_pattern\":\"daily\"}"),
                postCase("reminder without due_at", "{\"title\":\"a\",\"reminder_offset\":\"PT15M\"}"),
                postCase("unknown RRULE frequency", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"FREQ=FORTNIGHTLY\"}"),
                postCase("negative RRULE interval", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"RRULE:FREQ=DAILY;INTERVAL=-1\"}"),
                postCase("RRULE every second", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"FREQ=SECONDLY\"}"),
                postCase("RRULE that never happens", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"}"),
                postCase("unknown preset", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"fortnightly\"}"),
                postCase("RRULE of 501 characters", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"FREQ=DAILY;" + "X".repeat(490) + "\"}"),
                postCase("reminder in words", "{\"title\":\"a\"," + DUE + ",\"reminder_offset\":\"15 minutes\"}"),
                postCase("negative reminder", "{\"title\":\"a\"," + DUE + ",\"reminder_offset\":\"-PT15M\"}"),
                postCase("reminder in years", "{\"title\":\"a\"," + DUE + ",\"reminder_offset\":\"P2Y\"}"),
                postCase("reminder of 400 days", "{\"title\":\"a\"," + DUE + ",\"reminder_offset\":\"P400D\"}"),
                // injection strings where they are not valid values
                postCase("SQL in priority", "{\"title\":\"a\",\"priority\":\"high'; DROP TABLE tasks; --\"}"),
                postCase("SQL in time_zone", "{\"title\":\"a\",\"time_zone\":\"UTC'; DELETE FROM tasks; --\"}"),
                postCase("SQL in RRULE", "{\"title\":\"a\"," + DUE + ",\"recurrence_pattern\":\"FREQ=DAILY'; DROP TABLE tasks;--\"}"),
                postCase("script in priority", "{\"title\":\"a\",\"priority\":\"<script>alert(1)</script>\"}"),
                postCase("script in tag", "{\"title\":\"a\",\"tags\":[\"<script>alert(document.cookie)</script>\"]}"),
                postCase("script in zone", "{\"title\":\"a\",\"time_zone\":\"<img src=x onerror=alert(1)>\"}"),
                // found by Schemathesis (issue 13): the firewall checks parameter names when the list reads them
                new Case("list with a control character in a parameter name",
                        t -> get(t.tasks()).queryParam("y\u001bH", "1"), 400),
                // bodies and media types
                new Case("POST body over 64 KiB", t -> post(t.tasks()).contentType(JSON)
                        .content("{\"title\":\"a\",\"description\":\"" + "d".repeat(70_000) + "\"}"), 413),
                new Case("PUT body over 64 KiB", t -> put(t.task()).contentType(JSON)
                        .content("{\"title\":\"" + "t".repeat(66_000) + "\"}"), 413),
                new Case("POST text/plain", t -> post(t.tasks()).contentType(MediaType.TEXT_PLAIN).content("title"), 415),
                new Case("POST application/xml", t -> post(t.tasks()).contentType(MediaType.APPLICATION_XML)
                        .content("<task><title>a</title></task>"), 415),
                new Case("POST without content type", t -> post(t.tasks()).content("{\"title\":\"a\"}"), 415),
                new Case("POST accepting only CSV", t -> post(t.tasks()).contentType(JSON).accept("text/csv")
                        .content("{\"title\":\"a\"}"), 406),
                // updates
                new Case("PUT broken JSON", t -> put(t.task()).contentType(JSON).content("{\"title\":"), 400),
                new Case("PUT without title", t -> put(t.task()).contentType(JSON).content("{\"priority\":\"low\"}"), 400),
                new Case("PUT recurrence without due_at", t -> put(t.task()).contentType(JSON)
                        .content("{\"title\":\"a\",\"recurrence_pattern\":\"weekly\"}"), 400),
                new Case("PATCH array", t -> patch(t.task()).contentType(MERGE).content("[]"), 400),
                new Case("PATCH removing the title", t -> patch(t.task()).contentType(MERGE).content("{\"title\":null}"), 400),
                new Case("PATCH removing due_at of a recurring task", t -> patch(t.task()).contentType(MERGE)
                        .content("{\"due_at\":null}"), 400),
                new Case("PATCH priority as number", t -> patch(t.task()).contentType(MERGE).content("{\"priority\":5}"), 400),
                new Case("PATCH bad RRULE", t -> patch(t.task()).contentType(MERGE)
                        .content("{\"recurrence_pattern\":\"FREQ=DAILY;BYHOUR=25\"}"), 400),
                new Case("PATCH text/plain", t -> patch(t.task()).contentType(MediaType.TEXT_PLAIN).content("x"), 415),
                new Case("PATCH stale If-Match", t -> patch(t.task()).contentType(MERGE)
                        .header(HttpHeaders.IF_MATCH, "\"41\"").content("{\"title\":\"b\"}"), 412),
                new Case("complete with completed as string", t -> patch(t.task() + "/complete").contentType(JSON)
                        .content("{\"completed\":\"yes\"}"), 400),
                new Case("complete with broken JSON", t -> patch(t.task() + "/complete").contentType(JSON)
                        .content("{\"completed\":"), 400),
                new Case("DELETE stale If-Match", t -> delete(t.task()).header(HttpHeaders.IF_MATCH, "\"9\""), 412),
                // ids, routes, methods
                new Case("GET non-numeric id", t -> get(t.tasks() + "/abc"), 400),
                new Case("GET id beyond long", t -> get(t.tasks() + "/99999999999999999999"), 400),
                new Case("DELETE SQL in id", t -> delete(URI.create(t.tasks() + "/1%20or%201=1")), 400),
                new Case("GET unknown route", t -> get(t.task() + "/attachments"), 404),
                new Case("DELETE on the collection", t -> delete(t.tasks()), 405),
                new Case("POST on a task", t -> post(t.task()).contentType(JSON).content("{\"title\":\"a\"}"), 405),
                new Case("occurrences count=abc", t -> get(t.task() + "/occurrences?count=abc"), 400),
                new Case("occurrences count=1000", t -> get(t.task() + "/occurrences?count=1000"), 400),
                // list parameters
                list("status=done", "status=done"),
                list("status with SQL", "status=all%27%20or%20%271%27=%271"),
                list("status twice", "status=all&status=pending"),
                list("priority=urgent", "priority=urgent"),
                list("sort with SQL", "sort=title;drop%20table%20tasks"),
                list("sort=random", "sort=random"),
                list("order=sideways", "order=sideways"),
                list("size=0", "size=0"),
                list("size=201", "size=201"),
                list("page=-1", "page=-1"),
                list("page=abc", "page=abc"),
                list("overdue=maybe", "overdue=maybe"),
                list("due_from=yesterday", "due_from=yesterday"),
                list("due_from after due_to", "due_from=2026-03-02T00:00:00Z&due_to=2026-03-01T00:00:00Z"),
                list("tag of 31 characters", "tag=" + "x".repeat(31)),
                list("q of 201 characters", "q=" + "q".repeat(201))));
        return cases.stream();
    }

    private static String tags(int n) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add("\"t" + i + "\"");
        }
        return String.join(",", tags);
    }

    private String tableChecksum() {
        return jdbc.sql("select coalesce(md5(string_agg(t::text, ',' order by id)), '') from tasks t")
                .query(String.class).single();
    }

    @Test
    void thereAreAtLeastFiftyCases() {
        assertThat(malformed().count()).isGreaterThanOrEqualTo(50);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void answersProblemJsonAndChangesNothing(Case c) throws Exception {
        String tasksBefore = tableChecksum();
        long outboxBefore = outboxCount();

        MvcResult result = mvc.perform(asUser(c.request().apply(this))).andExpect(status().is(c.status())).andReturn();

        assertThat(result.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = body(result);
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.has("detail")).isTrue();
        String text = problem.toString();
        assertThat(text).doesNotContain("Exception").doesNotContain("org.").doesNotContain("SQL");
        if (c.status() == 400 && problem.has("errors")) {
            assertThat(problem.get("errors")).allSatisfy(error -> {
                assertThat(error.get("field").asText()).isNotBlank();
                assertThat(error.get("message").asText()).isNotBlank();
            });
        }
        assertThat(tableChecksum()).isEqualTo(tasksBefore);
        assertThat(outboxCount()).isEqualTo(outboxBefore);
    }

    @Test
    void validationNamesEveryBadFieldAtOnce() throws Exception {
        MvcResult result = mvc.perform(asUser(post(tasksPath()).contentType(JSON).content("""
                        {"title":"","priority":"urgent","time_zone":"Nowhere","reminder_offset":"soon",
                         "recurrence_pattern":"daily"}""")))
                .andExpect(status().isBadRequest()).andReturn();
        JsonNode problem = body(result);
        assertThat(problem.get("type").asText()).isEqualTo("https://todo.dev/problems/validation");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).contains("title", "priority", "time_zone", "reminder_offset", "recurrence_pattern");
    }

    @Test
    void injectionStringsInFreeTextAreStoredAsPlainData() throws Exception {
        String sql = "'; DROP TABLE tasks; --";
        String script = "<script>alert(document.cookie)</script>";
        JsonNode task = create("{\"title\":" + json.writeValueAsString(sql) + ",\"description\":"
                + json.writeValueAsString(script) + "}");
        assertThat(task.get("title").asText()).isEqualTo(sql);
        assertThat(task.get("description").asText()).isEqualTo(script);
        mvc.perform(asUser(get(URI.create(tasksPath() + "?q=%27%3B%20DROP%20TABLE%20tasks%3B%20--"))))
                .andExpect(status().isOk());
        assertThat(taskCount()).isPositive();
    }
}
