package dev.todo.common.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Paging headers for list endpoints that return a bare JSON array: {@code X-Total-Count} and an RFC 8288
 * {@code Link} header with first/prev/next/last. Pages are 0-based, like Spring Data's.
 */
public final class PageLinks {

    public static final String TOTAL_COUNT = "X-Total-Count";

    private PageLinks() {
    }

    /**
     * @param request the current request's URI (all its query parameters are kept, {@code page} and
     *                {@code size} replaced)
     */
    public static HttpHeaders headers(UriComponentsBuilder request, int page, int size, long total) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(TOTAL_COUNT, Long.toString(total));
        int lastPage = total == 0 ? 0 : (int) ((total - 1) / size);
        List<String> links = new ArrayList<>(4);
        links.add(link(request, 0, size, "first"));
        if (page > 0) {
            links.add(link(request, Math.min(page - 1, lastPage), size, "prev"));
        }
        if (page < lastPage) {
            links.add(link(request, page + 1, size, "next"));
        }
        links.add(link(request, lastPage, size, "last"));
        headers.add(HttpHeaders.LINK, String.join(", ", links));
        return headers;
    }

    private static String link(UriComponentsBuilder request, int page, int size, String rel) {
        UriComponentsBuilder builder = request.cloneBuilder()
                .replaceQueryParam("page", page)
                .replaceQueryParam("size", size);
        String uri;
        try {
            // A builder made from the current request holds its query already percent-encoded.
            uri = builder.build(true).toUriString();
        } catch (IllegalArgumentException notEncoded) {
            uri = builder.build().encode().toUriString();
        }
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}
