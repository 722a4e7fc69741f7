package dev.todo.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    @Test
    void givenADeclaredLengthOverTheLimit_thenTheChainIsNeverCalled() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContent(new byte[11]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] called = {false};
        new RequestBodyLimitFilter(10).doFilter(request, response, (req, res) -> called[0] = true);
        assertThat(called[0]).isFalse();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    @Test
    void givenAnUndeclaredLength_thenReadingPastTheLimitFails() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x") {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked
            }
        };
        request.setContent(new byte[25]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new RequestBodyLimitFilter(10).doFilter(request, response, (req, res) ->
                assertThatThrownBy(() -> ((HttpServletRequest) req).getInputStream().readAllBytes())
                        .isInstanceOf(PayloadTooLargeException.class));
    }

    @Test
    void givenABodyWithinTheLimit_thenItIsReadWhole() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContent("0123456789".getBytes());
        new RequestBodyLimitFilter(10).doFilter(request, new MockHttpServletResponse(), (req, res) ->
                assertThat(((HttpServletRequest) req).getReader().readLine()).isEqualTo("0123456789"));
    }
}
