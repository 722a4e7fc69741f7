package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

class UserPathAuthorizationManagerTest {

    private final UserPathAuthorizationManager guard = new UserPathAuthorizationManager();

    @Test
    void givenAJwt_thenOnlyItsSubjectsPathPasses() {
        JwtAuthenticationToken alice = new JwtAuthenticationToken(jwt("alice"), List.of());

        assertThat(granted(alice, "alice")).isTrue();
        assertThat(granted(alice, "bob")).isFalse();
    }

    @Test
    void givenAnotherAuthenticatedCredential_thenItsNameIsTheUser() {
        TestingAuthenticationToken ticket = new TestingAuthenticationToken("alice", null, List.of());
        ticket.setAuthenticated(true);

        assertThat(granted(ticket, "alice")).isTrue();
        assertThat(granted(ticket, "bob")).isFalse();
    }

    @Test
    void givenNoUsableAuthentication_thenDenied() {
        TestingAuthenticationToken unauthenticated = new TestingAuthenticationToken("alice", null, List.of());
        unauthenticated.setAuthenticated(false);
        AnonymousAuthenticationToken anonymous = new AnonymousAuthenticationToken("key", "alice",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        assertThat(granted(null, "alice")).isFalse();
        assertThat(granted(unauthenticated, "alice")).isFalse();
        assertThat(granted(anonymous, "alice")).isFalse();
        assertThat(granted(new JwtAuthenticationToken(jwt(null), List.of()), "alice")).isFalse();
    }

    private boolean granted(Authentication authentication, String pathUser) {
        RequestAuthorizationContext context = new RequestAuthorizationContext(new MockHttpServletRequest(),
                Map.of(UserPathAuthorizationManager.USER_ID_VARIABLE, pathUser));
        return guard.check(() -> authentication, context).isGranted();
    }

    private static Jwt jwt(String subject) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "HS256").claim("scope", "none")
                .issuedAt(Instant.EPOCH).expiresAt(Instant.EPOCH.plusSeconds(60));
        if (subject != null) {
            builder.subject(subject);
        }
        return builder.build();
    }
}
