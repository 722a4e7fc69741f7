package dev.todo.common.security;

import dev.todo.common.web.ProblemResponses;
import dev.todo.common.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Routes only Dapr calls (subscriptions, job callbacks, service invocation) must carry the app token the
 * sidecar was given ({@code dapr-api-token} == APP_API_TOKEN). Compared in constant time so the token cannot
 * be guessed byte by byte from response timings.
 */
public class DaprAppTokenFilter extends OncePerRequestFilter {

    public static final String HEADER = "dapr-api-token";
    private static final Logger log = LoggerFactory.getLogger(DaprAppTokenFilter.class);

    private final byte[] expected;

    /** @param appApiToken the expected token; null or blank disables the check (local runs without tokens) */
    public DaprAppTokenFilter(String appApiToken) {
        this.expected = JwtDecoders.hasText(appApiToken) ? appApiToken.getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (expected != null) {
            String presented = request.getHeader(HEADER);
            byte[] actual = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, actual)) {
                log.warn("event=dapr_token_rejected path={} header_present={}", request.getRequestURI(),
                        presented != null);
                ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                        "This route is only for the Dapr sidecar; a valid dapr-api-token header is required.");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
