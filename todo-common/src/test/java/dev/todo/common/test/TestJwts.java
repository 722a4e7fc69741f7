package dev.todo.common.test;

import dev.todo.common.security.DevToken;
import java.time.Duration;
import java.time.Instant;

/** Tokens for tests, signed with a test-only secret the test context sets as BETTER_AUTH_SECRET. */
public final class TestJwts {

    /** Test-only HS256 secret (never used outside tests). */
    public static final String SECRET = "test-only-secret-0123456789abcdef-0123456789";

    private TestJwts() {
    }

    public static String token(String userId) {
        return token(userId, SECRET, Duration.ofHours(1));
    }

    public static String token(String userId, String secret, Duration ttl) {
        try {
            return DevToken.token(secret, userId, ttl, Instant.now());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String expiredToken(String userId) {
        try {
            return DevToken.token(SECRET, userId, Duration.ofMinutes(5), Instant.now().minus(Duration.ofHours(2)));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
