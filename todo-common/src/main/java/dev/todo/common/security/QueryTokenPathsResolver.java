package dev.todo.common.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Bearer tokens come from the Authorization header, except on the few GET paths configured in
 * {@code todo.security.query-token-paths} (for example the server-sent-events stream, which a browser's
 * EventSource opens without custom headers): there {@code ?access_token=} is accepted too (RFC 6750 §2.3).
 * Everywhere else a token in the URL is ignored, so tokens do not end up in access logs by habit.
 */
public class QueryTokenPathsResolver implements BearerTokenResolver {

    private final List<PathPattern> patterns;
    private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
    private final DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();

    public QueryTokenPathsResolver(List<String> queryTokenPaths) {
        this.patterns = queryTokenPaths.stream().filter(JwtDecoders::hasText)
                .map(p -> PathPatternParser.defaultInstance.parse(p.trim())).toList();
        headerOrQuery.setAllowUriQueryParameter(true);
    }

    @Override
    public String resolve(HttpServletRequest request) {
        if ("GET".equals(request.getMethod()) && !patterns.isEmpty()) {
            PathContainer path = PathContainer.parsePath(request.getRequestURI());
            for (PathPattern pattern : patterns) {
                if (pattern.matches(path)) {
                    return headerOrQuery.resolve(request);
                }
            }
        }
        return headerOnly.resolve(request);
    }
}
