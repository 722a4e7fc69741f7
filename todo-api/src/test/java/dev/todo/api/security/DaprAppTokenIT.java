package dev.todo.api.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.todo.api.TodoApiApplication;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.common.security.DaprAppTokenFilter;
import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * SPEC §6: the routes only Dapr calls accept this app's own token and no other (each app has its own, so a
 * compromised recurring-service cannot call todo-api's routes directly with its token), and todo-api does not
 * start without its token outside local development.
 */
class DaprAppTokenIT extends ApiIntegrationTest {

    /** What recurring-service's sidecar would send to recurring-service: valid there, never here. */
    private static final String ANOTHER_APPS_TOKEN = "recurring-service-app-token";

    private static MockHttpServletRequestBuilder jobCallback() {
        return post("/job/reminder-" + Long.MAX_VALUE).contentType(MediaType.APPLICATION_JSON).content("{}");
    }

    private static MockHttpServletRequestBuilder retractOccurrence() {
        return delete("/internal/tasks/" + Long.MAX_VALUE + "/next-occurrence");
    }

    @Test
    void aDaprRouteCalledWithAnotherAppsTokenIs401() throws Exception {
        for (MockHttpServletRequestBuilder request : new MockHttpServletRequestBuilder[] {jobCallback(),
                retractOccurrence()}) {
            mvc.perform(request.header(DaprAppTokenFilter.HEADER, ANOTHER_APPS_TOKEN))
                    .andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void aDaprRouteCalledWithAUsersJwtIs401() throws Exception {
        mvc.perform(jobCallback().header("Authorization", "Bearer " + TestJwts.token(user)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aDaprRouteCalledWithItsOwnTokenIsAccepted() throws Exception {
        mvc.perform(jobCallback().header(DaprAppTokenFilter.HEADER, APP_TOKEN)).andExpect(status().isOk());
    }

    @Test
    void withoutItsAppTokenTodoApiDoesNotStartOutsideLocalDevelopment() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TodoApiApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + SharedPostgres.jdbcUrl("todo_api_it"),
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=" + SharedPostgres.password(),
                "--todo.security.jwt-secret=" + TestJwts.SECRET,
                "--todo.security.app-api-token=",
                "--todo.dapr.sidecar-health-enabled=false",
                "--todo.outbox.relay.enabled=false"))
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("APP_API_TOKEN").hasMessageContaining("TODO_SECURITY_LOCAL_DEVELOPMENT");
    }
}
