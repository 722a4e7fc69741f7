package dev.todo.common.security;

import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * {@code /api/{userId}/**}: only an authentication whose name is that user passes (a JWT's name is its
 * {@code sub}; a service may add narrower credentials through {@link ApiSecurityCustomizer}, such as a stream
 * ticket that only its own filter accepts, on its own path). Anonymous requests are denied, which Spring Security
 * turns into 401; an authenticated user on another user's path gets 403.
 */
public class UserPathAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    public static final String USER_ID_VARIABLE = "userId";

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication auth = authentication.get();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        String pathUser = context.getVariables().get(USER_ID_VARIABLE);
        return new AuthorizationDecision(pathUser != null && pathUser.equals(auth.getName()));
    }
}
