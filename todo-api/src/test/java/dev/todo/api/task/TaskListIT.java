package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;

class TaskListIT extends ApiIntegrationTest {

    @BeforeEach
    void fiveTasks() throws Exception {
        create("""
                {"title":"Alpha report","description":"quarterly numbers","priority":"high","tags":["work","urgent"],
                 "due_at":"2020-01-10T09:00:00Z"}""");
        create("""
                {"title":"buy milk","description":"oat milk","priority":"low","tags":["home","shopping"],
                 "due_at":"2020-01-05T09:00:00Z"}""");
        long c = create("{\"title\":\"Call mom\",\"tags\":[\"home\"]}").get("id").asLong();
        create("""
                {"title":"Zebra documentary","description":"watch the reports","tags":["work"],
                 "due_at":"2099-01-01T09:00:00Z"}""");
        create("""
                {"title":"Pay bills","priority":"high","tags":["home","urgent"],"due_at":"2000-01-01T09:00:00Z"}""");
        mvc.perform(asUser(patch(tasksPath() + "/" + c + "/complete"))).andExpect(status().isOk());
        // another user's tasks never show up
        create("other-" + user, "{\"title\":\"buy milk elsewhere\",\"tags\":[\"home\"]}");
    }

    private List<String> titles(String query) throws Exception {
        // a URI, so the query's percent-encoding is sent as written
        MvcResult result = mvc.perform(asUser(get(java.net.URI.create(tasksPath() + query)))).andExpect(status().isOk()).andReturn();
        List<String> titles = new ArrayList<>();
        for (JsonNode task : body(result)) {
            titles.add(task.get("title").asText());
        }
        return titles;
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("", List.of("Pay bills", "Zebra documentary", "Call mom", "buy milk", "Alpha report")),
                Arguments.of("?status=all", List.of("Pay bills", "Zebra documentary", "Call mom", "buy milk", "Alpha report")),
                Arguments.of("?status=pending", List.of("Pay bills", "Zebra documentary", "buy milk", "Alpha report")),
                Arguments.of("?status=completed", List.of("Call mom")),
                Arguments.of("?priority=high", List.of("Pay bills", "Alpha report")),
                Arguments.of("?priority=high&priority=low", List.of("Pay bills", "buy milk", "Alpha report")),
                Arguments.of("?tag=home", List.of("Pay bills", "Call mom", "buy milk")),
                Arguments.of("?tag=HOME&tag=urgent", List.of("Pay bills")),
                Arguments.of("?tag=home&tag=work", List.of()),
                Arguments.of("?q=milk", List.of("buy milk")),
                Arguments.of("?q=report", List.of("Zebra documentary", "Alpha report")),
                Arguments.of("?q=quarterly%20numbers", List.of("Alpha report")),
                Arguments.of("?q=%22oat%20milk%22%20-bills", List.of("buy milk")),
                Arguments.of("?q=nothing-matches-this", List.of()),
                Arguments.of("?due_from=2020-01-01T00:00:00Z&due_to=2020-01-31T00:00:00Z",
                        List.of("buy milk", "Alpha report")),
                Arguments.of("?due_from=2021-01-01T00:00:00%2B01:00", List.of("Zebra documentary")),
                Arguments.of("?due_to=2010-01-01T00:00:00Z", List.of("Pay bills")),
                Arguments.of("?overdue=true", List.of("Pay bills", "buy milk", "Alpha report")),
                Arguments.of("?overdue=true&priority=high&tag=work", List.of("Alpha report")),
                Arguments.of("?status=pending&q=report&tag=work&due_from=2020-01-01T00:00:00Z", List.of("Zebra documentary", "Alpha report")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("filters")
    void filtersCombine(String query, List<String> expected) throws Exception {
        assertThat(titles(query)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of("sort=due_at", List.of("Pay bills", "buy milk", "Alpha report", "Zebra documentary", "Call mom")),
                Arguments.of("sort=due_at&order=asc", List.of("Pay bills", "buy milk", "Alpha report", "Zebra documentary", "Call mom")),
                Arguments.of("sort=due_at&order=desc", List.of("Zebra documentary", "Alpha report", "buy milk", "Pay bills", "Call mom")),
                Arguments.of("sort=priority", List.of("Pay bills", "Alpha report", "Zebra documentary", "Call mom", "buy milk")),
                Arguments.of("sort=priority&order=asc", List.of("buy milk", "Call mom", "Zebra documentary", "Alpha report", "Pay bills")),
                Arguments.of("sort=title", List.of("Alpha report", "buy milk", "Call mom", "Pay bills", "Zebra documentary")),
                Arguments.of("sort=title&order=desc", List.of("Zebra documentary", "Pay bills", "Call mom", "buy milk", "Alpha report")),
                Arguments.of("sort=created_at", List.of("Pay bills", "Zebra documentary", "Call mom", "buy milk", "Alpha report")),
                Arguments.of("sort=created_at&order=asc", List.of("Alpha report", "buy milk", "Call mom", "Zebra documentary", "Pay bills")),
                Arguments.of("sort=updated_at", List.of("Call mom", "Pay bills", "Zebra documentary", "buy milk", "Alpha report")),
                Arguments.of("sort=updated_at&order=asc", List.of("Alpha report", "buy milk", "Zebra documentary", "Pay bills", "Call mom")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("sorts")
    void sortsAndOrders(String query, List<String> expected) throws Exception {
        assertThat(titles("?" + query)).containsExactlyElementsOf(expected);
    }

    @Test
    void pagesCarryTotalAndRfc8288Links() throws Exception {
        MvcResult first = mvc.perform(asUser(get(tasksPath() + "?sort=title&size=2&q=&page=0")))
                .andExpect(status().isOk()).andReturn();
        assertThat(first.getResponse().getHeader("X-Total-Count")).isEqualTo("5");
        assertThat(body(first)).extracting(t -> t.get("title").asText()).containsExactly("Alpha report", "buy milk");
        String link = first.getResponse().getHeader("Link");
        assertThat(link).contains("<http://localhost" + tasksPath() + "?sort=title&q=&page=0&size=2>; rel=\"first\"")
                .contains("page=1&size=2>; rel=\"next\"")
                .contains("page=2&size=2>; rel=\"last\"")
                .doesNotContain("rel=\"prev\"");

        MvcResult middle = mvc.perform(asUser(get(tasksPath() + "?sort=title&size=2&page=1"))).andReturn();
        assertThat(body(middle)).extracting(t -> t.get("title").asText()).containsExactly("Call mom", "Pay bills");
        assertThat(middle.getResponse().getHeader("Link"))
                .contains("page=0&size=2>; rel=\"prev\"").contains("page=2&size=2>; rel=\"next\"");

        MvcResult last = mvc.perform(asUser(get(tasksPath() + "?sort=title&size=2&page=2"))).andReturn();
        assertThat(body(last)).extracting(t -> t.get("title").asText()).containsExactly("Zebra documentary");
        assertThat(last.getResponse().getHeader("Link")).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");

        MvcResult beyond = mvc.perform(asUser(get(tasksPath() + "?size=2&page=9"))).andReturn();
        assertThat(body(beyond)).isEmpty();
        assertThat(beyond.getResponse().getHeader("X-Total-Count")).isEqualTo("5");
    }

    @Test
    void sizeIsCappedAt200() throws Exception {
        mvc.perform(asUser(get(tasksPath() + "?size=200"))).andExpect(status().isOk());
        mvc.perform(asUser(get(tasksPath() + "?size=201"))).andExpect(status().isBadRequest());
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"due_at,asc", "due_at,desc", "priority,asc", "priority,desc",
            "title,asc", "title,desc", "created_at,asc", "created_at,desc", "updated_at,asc", "updated_at,desc"})
    void everySortOrderIsServedByAnIndexWithoutSorting(String sort, String order) {
        TaskListQuery query = TaskListQuery.from(java.util.Map.of("sort", List.of(sort), "order", List.of(order)), 20, 200);
        String sql = "select id from tasks where user_id = 'u' order by " + TaskSearch.orderBy(query) + " limit 20";
        List<String> plan = new org.springframework.transaction.support.TransactionTemplate(transactionManager)
                .execute(status -> {
                    jdbc.sql("set local enable_seqscan = off").update();
                    // On a near-empty table "index scan + Sort" and "ordered index scan" cost the same and the
                    // planner may pick either; with sorting priced out, a Sort is left only if no index serves
                    // the order, which is what this test is about.
                    jdbc.sql("set local enable_sort = off").update();
                    return jdbc.sql("explain (costs off) " + sql).query(String.class).list();
                });
        assertThat(String.join("\n", plan)).as(sql).contains("Index").doesNotContain("Sort");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    @Test
    void filtersRunInPostgresOnIndexes() {
        // the text search uses the generated tsvector and its GIN index, not Java
        String plan = String.join("\n", jdbc.sql("""
                        explain (costs off) select id from tasks
                        where user_id = 'x' and search @@ websearch_to_tsquery('english', 'milk')""")
                .query(String.class).list());
        assertThat(plan).contains("search @@");
        assertThat(jdbc.sql("select indexname from pg_indexes where tablename = 'tasks'").query(String.class).list())
                .contains("idx_tasks_user_search", "idx_tasks_user_tags", "idx_tasks_user_due", "idx_tasks_user_priority",
                        "idx_tasks_user_title", "idx_tasks_user_created", "idx_tasks_user_updated",
                        "idx_tasks_user_open_due");
    }

    @Test
    void aListPageAnswers304ToItsETagUntilATaskOnItChanges() throws Exception {
        MvcResult first = mvc.perform(asUser(get(tasksPath() + "?status=pending&size=2"))).andExpect(status().isOk())
                .andReturn();
        String etag = first.getResponse().getHeader(org.springframework.http.HttpHeaders.ETAG);
        assertThat(etag).startsWith("W/\"");

        mvc.perform(asUser(get(tasksPath() + "?status=pending&size=2")).header("If-None-Match", etag))
                .andExpect(status().isNotModified());
        // another page of the same list has its own ETag
        String page2 = mvc.perform(asUser(get(tasksPath() + "?status=pending&size=2&page=1"))).andExpect(status().isOk())
                .andReturn().getResponse().getHeader(org.springframework.http.HttpHeaders.ETAG);
        assertThat(page2).isNotEqualTo(etag);

        // a change to a task on the page
        long onPage = body(first).get(0).get("id").asLong();
        mvc.perform(asUser(patch(tasksPath() + "/" + onPage)).contentType("application/merge-patch+json")
                .content("{\"description\":\"changed\"}")).andExpect(status().isOk());
        String changed = mvc.perform(asUser(get(tasksPath() + "?status=pending&size=2")).header("If-None-Match", etag))
                .andExpect(status().isOk()).andReturn().getResponse().getHeader(org.springframework.http.HttpHeaders.ETAG);
        assertThat(changed).isNotEqualTo(etag);

        // a task created off the page still changes the total, and so the page's ETag
        create("{\"title\":\"Aardvark\",\"due_at\":\"2200-01-01T09:00:00Z\"}");
        mvc.perform(asUser(get(tasksPath() + "?status=pending&size=2")).header("If-None-Match", changed))
                .andExpect(status().isOk());
    }
}
