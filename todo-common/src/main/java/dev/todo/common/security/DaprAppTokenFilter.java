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
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Routes only Dapr calls (subscriptions, job callbacks, service invocation) must carry the app token this app's
 * sidecar was given ({@code dapr-api-token} == APP_API_TOKEN). Each app has its own token, so one compromised
 * service cannot call another's Dapr routes directly, around Dapr's access control.
 * <p>
 * Fails closed: without a token the service does not start, unless local development is switched on explicitly.
 * Both sides are hashed before the constant-time comparison, so neither the content nor the length of the token
 * can be learned from response timings.
 */
public class DaprAppTokenFilter extends OncePerRequestFilter {

    public static final String HEADER = "dapr-api-token";
    private static final Logger log = LoggerFactory.getLogger(DaprAppTokenFilter.class);

    /** null only in explicit local development: every request passes. */
    private final byte[] expectedDigest;

    /** @param appApiToken the token this app's sidecar sends; must not be blank */
    public DaprAppTokenFilter(String appApiToken) {
        if (!JwtDecoders.hasText(appApiToken)) {
            throw new IllegalArgumentException("the app token must not be blank");
        }
        this.expectedDigest = digest(appApiToken);
    }

    private DaprAppTokenFilter() {
        this.expectedDigest = null;
    }

    /**
     * The filter the settings ask for: checking APP_API_TOKEN, or (only with local development on) checking
     * nothing, said loudly once.
     *
     * @throws IllegalStateException when the token is missing outside local development
     */
    public static DaprAppTokenFilter from(TodoSecurityProperties properties) {
        if (JwtDecoders.hasText(properties.getAppApiToken())) {
            return new DaprAppTokenFilter(properties.getAppApiToken());
        }
        if (!properties.isLocalDevelopment()) {
            throw new IllegalStateException("APP_API_TOKEN (todo.security.app-api-token) is not set, so nothing would "
                    + "protect the routes only Dapr may call (" + String.join(", ", properties.allDaprPaths())
                    + "). Set it to the token this app's sidecar sends (in Kubernetes the app's own Secret named by "
                    + "dapr.io/app-token-secret, key token), or set TODO_SECURITY_LOCAL_DEVELOPMENT=true "
                    + "(todo.security.local-development) on a development machine to run without it.");
        }
        log.atWarn().setMessage("LOCAL DEVELOPMENT: APP_API_TOKEN is not set and the Dapr-called routes accept ANY "
                        + "caller. Never run like this outside a development machine.")
                .addKeyValue("event", "dapr_token_check_disabled").addKeyValue("local_development", true)
                .addKeyValue("paths", properties.allDaprPaths()).log();
        return new DaprAppTokenFilter();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (expectedDigest != null) {
            String presented = request.getHeader(HEADER);
            if (!MessageDigest.isEqual(expectedDigest, digest(presented == null ? "" : presented))) {
                log.atWarn().setMessage("call without a valid Dapr app token rejected")
                        .addKeyValue("event", "dapr_token_rejected").addKeyValue("path", request.getRequestURI())
                        .addKeyValue("header_present", presented != null).log();
                ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                        "This route is only for the Dapr sidecar; a valid dapr-api-token header is required.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
