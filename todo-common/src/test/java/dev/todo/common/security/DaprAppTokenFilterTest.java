package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class DaprAppTokenFilterTest {

    private MockHttpServletResponse call(String configured, String presented) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events/task-events");
        if (presented != null) {
            request.addHeader(DaprAppTokenFilter.HEADER, presented);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new DaprAppTokenFilter(configured).doFilter(request, response, chain);
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
    void givenNoConfiguredToken_thenTheCheckIsOff() throws Exception {
        assertThat(call(null, null).getStatus()).isEqualTo(299);
        assertThat(call("  ", "anything").getStatus()).isEqualTo(299);
    }
}
