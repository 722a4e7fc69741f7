package dev.todo.common.security;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the one JWT decoder a service uses: JWKS (RS256/ES256/EdDSA) or the HS256 shared secret, and the
 * claims every token must pass: a subject, an {@code exp} (within the clock skew), and the issuer and audience
 * whenever they are configured. With a JWKS URI both are required: an identity provider signs tokens for many
 * applications with the same keys, so without them a token issued for any other application would pass here.
 */
final class JwtDecoders {

    static final int MIN_SECRET_BYTES = 32;
    /** The most clock skew an operator may allow: a stolen, expired token stays usable for this long. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Distinct verified tokens kept at once (a few hundred bytes each); each user's browser holds one. */
    static final long MAX_CACHED_TOKENS = 10_000;

    private JwtDecoders() {
    }

    /** @return null when neither a secret nor a JWKS URI is configured */
    static JwtDecoder create(TodoSecurityProperties properties) {
        return create(properties, Clock.systemUTC());
    }

    /**
     * @param clock the wall clock tokens are checked against (not the application's clock, which tests may move:
     *     tokens are minted with the real time)
     * @return null when neither a secret nor a JWKS URI is configured
     */
    static JwtDecoder create(TodoSecurityProperties properties, Clock clock) {
        JwtDecoder verifying = verifying(properties, clock);
        return verifying == null ? null
                : new CachingJwtDecoder(verifying, clock, properties.getJwtClockSkew(), MAX_CACHED_TOKENS);
    }

    /** The decoder that checks signature and claims on every call; {@link #create} keeps what it accepts. */
    static JwtDecoder verifying(TodoSecurityProperties properties, Clock clock) {
        OAuth2TokenValidator<Jwt> validator = validator(properties, clock);
        JwtDecoder decoder;
        if (hasText(properties.getJwksUri())) {
            requireIssuerAndAudience(properties);
            // Better Auth's JWT plugin signs with EdDSA (Ed25519) by default; identity providers mostly RS256.
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.getJwksUri())
                    .jwtProcessorCustomizer(processor -> {
                        processor.setJWSKeySelector(new JwksKeys.KeySelector(
                                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA),
                                com.nimbusds.jose.jwk.source.JWKSourceBuilder
                                        .create(url(properties.getJwksUri()))
                                        .build()));
                        processor.setJWSVerifierFactory(new JwksKeys.VerifierFactory());
                    })
                    .build();
        } else if (hasText(properties.getJwtSecret())) {
            byte[] secret = properties.getJwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("BETTER_AUTH_SECRET (todo.security.jwt-secret) is " + secret.length
                        + " bytes long; HS256 needs at least " + MIN_SECRET_BYTES
                        + " bytes. Generate one with: openssl rand -base64 32");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        } else {
            return null;
        }
        ((NimbusJwtDecoder) decoder).setJwtValidator(validator);
        return decoder;
    }

    private static void requireIssuerAndAudience(TodoSecurityProperties properties) {
        List<String> missing = new ArrayList<>();
        if (!hasText(properties.getJwtIssuer())) {
            missing.add("AUTH_JWT_ISSUER (todo.security.jwt-issuer)");
        }
        if (!hasText(properties.getJwtAudience())) {
            missing.add("AUTH_JWT_AUDIENCE (todo.security.jwt-audience)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("AUTH_JWKS_URI is set, so the expected issuer and audience are required "
                    + "(otherwise a token the identity provider issued for any other application would be accepted); "
                    + "set " + String.join(" and ", missing) + ".");
        }
    }

    static OAuth2TokenValidator<Jwt> validator(TodoSecurityProperties properties, Clock clock) {
        Duration skew = properties.getJwtClockSkew();
        if (skew == null || skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalStateException("AUTH_JWT_CLOCK_SKEW (todo.security.jwt-clock-skew) is " + skew
                    + "; it must be between 0s and " + MAX_CLOCK_SKEW.toSeconds() + "s.");
        }
        JwtTimestampValidator timestamps = new JwtTimestampValidator(skew);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                // JwtTimestampValidator checks exp only when present; a token without one would never expire.
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                timestamps,
                // The subject is the user id every /api/{user_id} route is checked against.
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank())));
        if (hasText(properties.getJwtIssuer())) {
            validators.add(new JwtIssuerValidator(properties.getJwtIssuer().trim()));
        }
        if (hasText(properties.getJwtAudience())) {
            validators.add(new JwtAudienceValidator(properties.getJwtAudience().trim()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static java.net.URL url(String uri) {
        try {
            return java.net.URI.create(uri).toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("AUTH_JWKS_URI (todo.security.jwks-uri) is not a valid URL: " + uri, e);
        }
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
