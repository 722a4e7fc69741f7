package dev.todo.common.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.todo.common.security.DevToken;
import java.nio.charset.StandardCharsets;
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

    /** Any claims (or none of the usual ones) signed with {@link #SECRET}: for tokens the minting helpers would not make. */
    public static String signed(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
