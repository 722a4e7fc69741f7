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
import dev.todo.common.test.TestJwts;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * SPEC §2/§6 for every user route: no or bad token → 401, another user's path → 403, another user's task id
 * → 404, and the victim's data never appears in an answer nor changes.
 */
class AuthorizationIT extends ApiIntegrationTest {

    private static final String SECRET_MARK = "victim-secret-" + UUID.randomUUID();

    private final String victim = "victim-" + UUID.randomUUID();
    private final String attacker = "attacker-" + UUID.randomUUID();
    private long victimTask;
    private String victimSeries;

    /** A route: builds the request for (path user, task id). */
    record Route(String name, BiFunction<String, Long, MockHttpServletRequestBuilder> request, boolean hasTaskId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Route> routes() {
        return Stream.of(
                new Route("GET list", (u, id) -> get("/api/" + u + "/tasks"), false),
                new Route("POST create", (u, id) -> post("/api/" + u + "/tasks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"intruder\"}"), false),
                new Route("GET task", (u, id) -> get("/api/" + u + "/tasks/" + id), true),
                new Route("PUT task", (u, id) -> put("/api/" + u + "/tasks/" + id).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\":\"hijacked\"}"), true),
                new Route("PATCH task", (u, id) -> patch("/api/" + u + "/tasks/" + id)
                        .contentType("application/merge-patch+json").content("{\"title\":\"hijacked\"}"), true),
                new Route("DELETE task", (u, id) -> delete("/api/" + u + "/tasks/" + id), true),
                new Route("PATCH complete", (u, id) -> patch("/api/" + u + "/tasks/" + id + "/complete"), true),
                new Route("GET occurrences", (u, id) -> get("/api/" + u + "/tasks/" + id + "/occurrences"), true),
                new Route("GET history", (u, id) -> get("/api/" + u + "/tasks/" + id + "/history"), true));
    }

    @BeforeEach
    void victimHasATask() throws Exception {
        JsonNode task = create(victim, "{\"title\":\"" + SECRET_MARK + "\",\"description\":\"" + SECRET_MARK
                + "\",\"due_at\":\"2026-05-01T09:00:00Z\",\"recurrence_pattern\":\"daily\"}");
        victimTask = task.get("id").asLong();
        victimSeries = task.get("series_id").asText();
        create(attacker, "{\"title\":\"attacker's own\"}");
    }

    private String victimRow() {
        return jdbc.sql("select t::text from tasks t where id = :id").param("id", victimTask).query(String.class).single();
    }

    /** Nothing of the victim's task: not its text, not its series, not its timestamps. */
    private void assertNoLeak(MvcResult result) throws Exception {
        String body = result.getResponse().getContentAsString();
        assertThat(body).doesNotContain(SECRET_MARK).doesNotContain(victimSeries).doesNotContain("2026-05-01");
    }

    private static List<String> badTokens() {
        String otherSecret = "another-secret-that-is-long-enough-0123456789";
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"x\"}".getBytes()) + ".";
        return List.of("", "Bearer", "Bearer not-a-jwt", "Basic dXNlcjpwYXNz",
                "Bearer " + TestJwts.token("x", otherSecret, Duration.ofHours(1)),
                "Bearer " + TestJwts.expiredToken("x"),
                // signed with the right secret, but without exp it would never expire
                "Bearer " + TestJwts.signed(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("x").build()),
                "Bearer " + unsigned);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("routes")
    void withoutAValidTokenTheAnswerIs401(Route route) throws Exception {
        String before = victimRow();
        MvcResult none = mvc.perform(route.request().apply(victim, victimTask))
                .andExpect(status().isUnauthorized()).andReturn();
        assertThat(none.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(none.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertNoLeak(none);
        for (String token : badTokens()) {
            String subjectOfBadToken = token.isEmpty() ? victim : "x";
            MvcResult bad = mvc.perform(route.request().apply(subjectOfBadToken, victimTask)
                            .header(HttpHeaders.AUTHORIZATION, token))
                    .andExpect(status().isUnauthorized()).andReturn();
            assertNoLeak(bad);
        }
        assertThat(victimRow()).isEqualTo(before);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("routes")
    void anotherUsersPathIs403(Route route) throws Exception {
        String before = victimRow();
        long outbox = outboxCount();
        MvcResult result = mvc.perform(as(attacker, route.request().apply(victim, victimTask)))
                .andExpect(status().isForbidden()).andReturn();
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(body(result).get("status").asInt()).isEqualTo(403);
        assertNoLeak(result);
        assertThat(victimRow()).isEqualTo(before);
        assertThat(outboxCount()).isEqualTo(outbox);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("routes")
    void anotherUsersTaskIdIs404OnOnesOwnPath(Route route) throws Exception {
        String before = victimRow();
        long victimEvents = outboxCount(victimTask);
        MvcResult result = mvc.perform(as(attacker, route.request().apply(attacker, victimTask))).andReturn();
        if (route.hasTaskId()) {
            assertThat(result.getResponse().getStatus()).isEqualTo(404);
            JsonNode problem = body(result);
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        } else {
            // the collection routes have no task id: they only ever show or create the caller's own tasks
            assertThat(result.getResponse().getStatus()).isIn(200, 201);
        }
        assertNoLeak(result);
        assertThat(victimRow()).isEqualTo(before);
        assertThat(outboxCount(victimTask)).isEqualTo(victimEvents);
    }
}
