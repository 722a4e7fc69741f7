package dev.todo.api.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.EmbeddedPostgresInitializer;
import dev.todo.common.test.TestJwts;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Base of the integration tests: the whole application on a real (embedded) PostgreSQL, requests through the
 * full filter chain (security, body limit) with MockMvc. All ITs share one context and one database; each
 * test works as its own random user, so tests never see each other's tasks.
 */
@SpringBootTest(properties = {
        "todo.test.database=todo_api_it",
        "todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=" + ApiIntegrationTest.APP_TOKEN,
        "todo.dapr.sidecar-health-enabled=false",
        // no sidecar in these tests: events stay in the outbox, where the tests look for them
        "todo.outbox.relay.enabled=false",
        // nor a Scheduler: wanted reminder jobs stay in reminder_jobs
        "todo.reminder.jobs.enabled=false"})
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
@Import(ItClock.class)
public abstract class ApiIntegrationTest {

    public static final String APP_TOKEN = "test-app-token";

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected JdbcClient jdbc;

    protected final String user = "user-" + UUID.randomUUID();

    protected static String bearer(String userId) {
        return "Bearer " + TestJwts.token(userId);
    }

    protected String tasksPath() {
        return "/api/" + user + "/tasks";
    }

    protected MockHttpServletRequestBuilder as(String userId, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, bearer(userId));
    }

    protected MockHttpServletRequestBuilder asUser(MockHttpServletRequestBuilder request) {
        return as(user, request);
    }

    protected JsonNode create(String body) throws Exception {
        return create(user, body);
    }

    protected JsonNode create(String userId, String body) throws Exception {
        MvcResult result = mvc.perform(as(userId, post("/api/" + userId + "/tasks")
                        .contentType(MediaType.APPLICATION_JSON).content(body)))
                .andExpect(status().isCreated())
                .andReturn();
        return json.readTree(result.getResponse().getContentAsString());
    }

    protected JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    protected long taskCount() {
        return jdbc.sql("select count(*) from tasks").query(Long.class).single();
    }

    protected long outboxCount() {
        return jdbc.sql("select count(*) from outbox_events").query(Long.class).single();
    }

    protected long outboxCount(long taskId) {
        return jdbc.sql("select count(*) from outbox_events where task_id = :id").param("id", taskId)
                .query(Long.class).single();
    }
}
