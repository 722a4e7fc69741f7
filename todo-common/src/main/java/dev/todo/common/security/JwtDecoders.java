package dev.todo.common.security;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Builds the one JWT decoder a service uses: JWKS (RS256/ES256/EdDSA) or the HS256 shared secret. */
final class JwtDecoders {

    static final int MIN_SECRET_BYTES = 32;

    private JwtDecoders() {
    }

    /** @return null when neither a secret nor a JWKS URI is configured */
    static JwtDecoder create(TodoSecurityProperties properties) {
        JwtDecoder decoder;
        if (hasText(properties.getJwksUri())) {
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
        ((NimbusJwtDecoder) decoder).setJwtValidator(validator(properties));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> validator(TodoSecurityProperties properties) {
        OAuth2TokenValidator<Jwt> base = hasText(properties.getJwtIssuer())
                ? JwtValidators.createDefaultWithIssuer(properties.getJwtIssuer())
                : JwtValidators.createDefault();
        // The subject is the user id every /api/{user_id} route is checked against.
        return new DelegatingOAuth2TokenValidator<>(base,
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()));
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
