package dev.todo.notification.stream;

import dev.todo.common.web.ProblemResponses;
import dev.todo.common.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Authenticates {@code GET /api/{user_id}/stream?ticket=…} as the user the ticket was issued to, and
 * nothing else: on any other route a {@code ticket} parameter is ignored, so a ticket can never act as a
 * bearer token. The user-path guard then compares that user with the path (another user's ticket: 403).
 * An unknown, used or expired ticket is a 401 problem.
 */
class StreamTicketFilter extends OncePerRequestFilter {

    static final String PARAMETER = "ticket";
    static final String AUTHORITY = "STREAM_TICKET";
    private static final PathPattern STREAM = PathPatternParser.defaultInstance.parse("/api/{userId}/stream");

    private final StreamTicketStore tickets;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    // as the bearer-token filter does: the SSE response's async dispatches see the same authentication
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    StreamTicketFilter(StreamTicketStore tickets) {
        this.tickets = tickets;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getParameter(PARAMETER) == null
                || !STREAM.matches(PathContainer.parsePath(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> user = tickets.redeem(request.getParameter(PARAMETER));
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                    "The stream ticket is unknown, used or expired; get a new one.");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new PreAuthenticatedAuthenticationToken(user.get(), null,
                List.of(new SimpleGrantedAuthority(AUTHORITY))));
        contexts.setContext(context);
        repository.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
