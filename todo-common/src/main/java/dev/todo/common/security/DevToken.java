package dev.todo.common.security;

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
 * Prints an HS256 token for local use: {@code DevToken <user_id> [ttl]} with the secret in BETTER_AUTH_SECRET
 * (ttl an ISO-8601 duration, default PT12H), and the {@code iss}/{@code aud} of AUTH_JWT_ISSUER /
 * AUTH_JWT_AUDIENCE when set (the services check them then). Only for development: production tokens come from
 * the frontend's auth server.
 */
public final class DevToken {

    private DevToken() {
    }

    public static void main(String[] args) throws JOSEException {
        if (args.length < 1 || args.length > 2 || args[0].isBlank()) {
            System.err.println("usage: DevToken <user_id> [ttl, e.g. PT12H]   (secret from BETTER_AUTH_SECRET)");
            System.exit(2);
        }
        String secret = System.getenv("BETTER_AUTH_SECRET");
        if (secret == null || secret.isBlank()) {
            secret = System.getProperty("BETTER_AUTH_SECRET");
        }
        if (secret == null || secret.isBlank()) {
            System.err.println("BETTER_AUTH_SECRET is not set");
            System.exit(2);
        }
        Duration ttl = args.length == 2 ? Duration.parse(args[1]) : Duration.ofHours(12);
        System.out.println(token(secret, args[0], ttl, Instant.now(), System.getenv("AUTH_JWT_ISSUER"),
                System.getenv("AUTH_JWT_AUDIENCE")));
    }

    /** An HS256 JWT with {@code sub} = userId, valid for {@code ttl} from {@code now}. */
    public static String token(String secret, String userId, Duration ttl, Instant now) throws JOSEException {
        return token(secret, userId, ttl, now, null, null);
    }

    /** The same, with {@code iss} and {@code aud} when they are not blank. */
    public static String token(String secret, String userId, Duration ttl, Instant now, String issuer,
            String audience) throws JOSEException {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < JwtDecoders.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + JwtDecoders.MIN_SECRET_BYTES + " bytes");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .issuer(JwtDecoders.hasText(issuer) ? issuer.trim() : null)
                .audience(JwtDecoders.hasText(audience) ? audience.trim() : null)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
