package dev.todo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

class PageLinksTest {

    private static HttpHeaders headers(int page, int size, long total) {
        return PageLinks.headers(UriComponentsBuilder.fromUriString("http://h/api/u/tasks?q=buy%20milk&page=7&tag=a&tag=b"),
                page, size, total);
    }

    @Test
    void givenAMiddlePage_thenAllFourRelationsKeepTheOtherParameters() {
        HttpHeaders headers = headers(1, 10, 35);
        assertThat(headers.getFirst("X-Total-Count")).isEqualTo("35");
        assertThat(headers.getFirst(HttpHeaders.LINK)).isEqualTo(
                "<http://h/api/u/tasks?q=buy%20milk&tag=a&tag=b&page=0&size=10>; rel=\"first\", "
                        + "<http://h/api/u/tasks?q=buy%20milk&tag=a&tag=b&page=0&size=10>; rel=\"prev\", "
                        + "<http://h/api/u/tasks?q=buy%20milk&tag=a&tag=b&page=2&size=10>; rel=\"next\", "
                        + "<http://h/api/u/tasks?q=buy%20milk&tag=a&tag=b&page=3&size=10>; rel=\"last\"");
    }

    @Test
    void givenNoResults_thenFirstAndLastAreBothPageZero() {
        String link = headers(0, 20, 0).getFirst(HttpHeaders.LINK);
        assertThat(link).contains("tag=a&tag=b&page=0&size=20>; rel=\"first\"")
                .contains("tag=a&tag=b&page=0&size=20>; rel=\"last\"")
                .doesNotContain("prev").doesNotContain("next");
    }

    @Test
    void givenAPageBeyondTheEnd_thenPrevPointsToTheLastPage() {
        assertThat(headers(9, 10, 15).getFirst(HttpHeaders.LINK)).contains("tag=a&tag=b&page=1&size=10>; rel=\"prev\"")
                .doesNotContain("next");
    }
}
