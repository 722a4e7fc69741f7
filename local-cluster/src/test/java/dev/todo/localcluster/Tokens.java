package dev.todo.localcluster;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * An HS256 bearer token as the frontend's auth server issues it ({@code sub} = user, {@code exp}), signed with the
 * secret the cluster's services accept. Same claims as todo-common's {@code DevToken.token} and local-stack's
 * {@code DemoToken.sign}; copied (a dozen lines) so this module needs neither on its class path.
 */
final class Tokens {

    static final Duration LIFETIME = Duration.ofHours(2);

    private Tokens() {
    }

    static String sign(String secret, String userId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with the cluster's auth secret (at least 32 bytes?): "
                    + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
