package dev.todo.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** A ready HS256 bearer token for a demo user, signed with the run's BETTER_AUTH_SECRET. */
public final class DemoToken {

    public static final String DEMO_USER = "demo-user";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private DemoToken() {
    }

    public static String sign(String subject, String secret, Clock clock) {
        return sign(subject, secret, clock, java.util.Map.of());
    }

    /**
     * The apps inherit the launcher's environment, so when it sets AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE the apps
     * check them and the token carries them.
     */
    public static String sign(String subject, String secret, Clock clock, java.util.Map<String, String> environment) {
        Instant now = clock.instant();
        String issuer = environment.get("AUTH_JWT_ISSUER");
        String audience = environment.get("AUTH_JWT_AUDIENCE");
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .issuer(issuer == null || issuer.isBlank() ? null : issuer.trim())
                .audience(audience == null || audience.isBlank() ? null : audience.trim())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the demo token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
