package dev.todo.common.security;

import dev.todo.common.web.ProblemResponses;
import dev.todo.common.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 as problem+json with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750). */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        boolean badToken = authException instanceof InvalidBearerTokenException
                || authException instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException;
        response.setHeader("WWW-Authenticate", badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        // The detail is generic on purpose: why a token failed helps attackers more than users.
        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                badToken ? "The bearer token is invalid or expired." : "A bearer token is required.");
    }
}
