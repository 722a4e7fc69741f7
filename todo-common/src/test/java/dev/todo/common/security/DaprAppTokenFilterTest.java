package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class DaprAppTokenFilterTest {

    private MockHttpServletResponse call(String configured, String presented) throws Exception {
        return call(new DaprAppTokenFilter(configured), presented);
    }

    private MockHttpServletResponse call(DaprAppTokenFilter filter, String presented) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events/task-events");
        if (presented != null) {
            request.addHeader(DaprAppTokenFilter.HEADER, presented);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(299); // reached the application
        }
        return response;
    }

    @Test
    void givenTheRightToken_thenTheRequestPasses() throws Exception {
        assertThat(call("s3cret", "s3cret").getStatus()).isEqualTo(299);
    }

    @Test
    void givenAWrongOrMissingToken_thenTheAnswerIs401ProblemJson() throws Exception {
        for (String presented : new String[] {null, "", "s3cre", "s3cret ", "S3CRET"}) {
            MockHttpServletResponse response = call("s3cret", presented);
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString()).contains("\"status\":401").doesNotContain("s3cret");
        }
    }

    @Test
    void givenAnotherAppsToken_thenTheAnswerIs401() throws Exception {
        assertThat(call("todo-api-token", "recurring-service-token").getStatus()).isEqualTo(401);
    }

    @Test
    void givenNoConfiguredToken_thenNoFilterIsMadeOutsideLocalDevelopment() {
        for (String blank : new String[] {null, "", "  "}) {
            TodoSecurityProperties properties = new TodoSecurityProperties();
            properties.setAppApiToken(blank);
            assertThatThrownBy(() -> DaprAppTokenFilter.from(properties)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("APP_API_TOKEN").hasMessageContaining("TODO_SECURITY_LOCAL_DEVELOPMENT");
            assertThatThrownBy(() -> new DaprAppTokenFilter(blank)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenNoConfiguredTokenInLocalDevelopment_thenEveryCallPasses() throws Exception {
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setLocalDevelopment(true);
        assertThat(call(DaprAppTokenFilter.from(properties), null).getStatus()).isEqualTo(299);
    }

    @Test
    void givenATokenInLocalDevelopment_thenItIsStillChecked() throws Exception {
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setLocalDevelopment(true);
        properties.setAppApiToken("s3cret");
        assertThat(call(DaprAppTokenFilter.from(properties), "wrong").getStatus()).isEqualTo(401);
    }
}
