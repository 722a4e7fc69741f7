package dev.todo.common.security;

import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * {@code /api/{userId}/**}: only a JWT whose subject is that user passes. Anonymous requests are denied,
 * which Spring Security turns into 401; an authenticated user on another user's path gets 403.
 */
public class UserPathAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    public static final String USER_ID_VARIABLE = "userId";

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication auth = authentication.get();
        if (!(auth instanceof JwtAuthenticationToken jwt) || !jwt.isAuthenticated()
                || auth instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        String pathUser = context.getVariables().get(USER_ID_VARIABLE);
        return new AuthorizationDecision(pathUser != null && pathUser.equals(jwt.getToken().getSubject()));
    }
}
