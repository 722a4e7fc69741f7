package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class QueryTokenPathsResolverTest {

    private final QueryTokenPathsResolver resolver = new QueryTokenPathsResolver(List.of("/api/*/stream"));

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setQueryString("access_token=abc");
        request.addParameter("access_token", "abc");
        return request;
    }

    @Test
    void givenAConfiguredStreamPath_whenTheTokenIsInTheQuery_thenItIsUsed() {
        assertThat(resolver.resolve(request("GET", "/api/u1/stream"))).isEqualTo("abc");
    }

    @Test
    void givenAnyOtherPathOrMethod_thenAQueryTokenIsIgnored() {
        assertThat(resolver.resolve(request("GET", "/api/u1/tasks"))).isNull();
        assertThat(resolver.resolve(request("POST", "/api/u1/stream"))).isNull();
    }

    @Test
    void givenTheHeader_thenItIsUsedEverywhere() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/u1/tasks");
        request.addHeader("Authorization", "Bearer xyz");
        assertThat(resolver.resolve(request)).isEqualTo("xyz");
    }

    @Test
    void givenNoConfiguredPaths_thenOnlyTheHeaderCounts() {
        assertThat(new QueryTokenPathsResolver(List.of()).resolve(request("GET", "/api/u1/stream"))).isNull();
    }
}
