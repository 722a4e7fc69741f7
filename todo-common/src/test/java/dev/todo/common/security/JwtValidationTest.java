package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.todo.common.test.TestJwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The claims every token must pass (SPEC §6), checked against a fixed clock. */
class JwtValidationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static TodoSecurityProperties hs256(String issuer, String audience) {
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setJwtSecret(TestJwts.SECRET);
        properties.setJwtIssuer(issuer);
        properties.setJwtAudience(audience);
        return properties;
    }

    private static JwtDecoder decoder(TodoSecurityProperties properties) {
        return JwtDecoders.create(properties, CLOCK);
    }

    private static JWTClaimsSet.Builder claims(Duration expiresIn) {
        return new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plus(expiresIn)));
    }

    @Test
    void givenATokenWithoutExp_thenItIsRejected() {
        String token = TestJwts.signed(new JWTClaimsSet.Builder().subject("alice").build());
        assertThatThrownBy(() -> decoder(hs256(null, null)).decode(token))
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("exp");
    }

    @Test
    void givenTheDefaultSkew_thenATokenExpiredWithinItPassesAndBeyondItFails() {
        JwtDecoder decoder = decoder(hs256(null, null));
        assertThat(decoder.decode(TestJwts.signed(claims(Duration.ofSeconds(-29)).build())).getSubject())
                .isEqualTo("alice");
        assertThatThrownBy(() -> decoder.decode(TestJwts.signed(claims(Duration.ofSeconds(-31)).build())))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void givenAShorterConfiguredSkew_thenItIsUsed() {
        TodoSecurityProperties properties = hs256(null, null);
        properties.setJwtClockSkew(Duration.ofSeconds(5));
        assertThatThrownBy(() -> decoder(properties).decode(TestJwts.signed(claims(Duration.ofSeconds(-10)).build())))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void givenASkewAbove30Seconds_thenTheDecoderIsRefusedNamingTheSetting() {
        TodoSecurityProperties properties = hs256(null, null);
        properties.setJwtClockSkew(Duration.ofSeconds(31));
        assertThatThrownBy(() -> decoder(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTH_JWT_CLOCK_SKEW").hasMessageContaining("30s");
        properties.setJwtClockSkew(Duration.ofSeconds(-1));
        assertThatThrownBy(() -> decoder(properties)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenAConfiguredIssuer_thenOnlyTokensFromItPass() {
        JwtDecoder decoder = decoder(hs256("https://auth.example.com", null));
        assertThat(decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5)).issuer("https://auth.example.com")
                .build())).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5))
                .issuer("https://evil.example.com").build()))).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5)).build())))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void givenAConfiguredAudience_thenTheTokensAudMustContainIt() {
        JwtDecoder decoder = decoder(hs256(null, "todo-app"));
        assertThat(decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5)).audience(List.of("other", "todo-app"))
                .build())).getSubject()).isEqualTo("alice");
        assertThatThrownBy(() -> decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5)).audience("other-app")
                .build()))).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(TestJwts.signed(claims(Duration.ofMinutes(5)).build())))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void givenAJwksUriWithoutIssuerOrAudience_thenTheDecoderIsRefusedNamingTheEnvironmentVariables() {
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setJwksUri("https://auth.example.com/.well-known/jwks.json");
        assertThatThrownBy(() -> decoder(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTH_JWT_ISSUER").hasMessageContaining("AUTH_JWT_AUDIENCE");
        properties.setJwtIssuer("https://auth.example.com");
        assertThatThrownBy(() -> decoder(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AUTH_JWT_AUDIENCE").hasMessageNotContaining("AUTH_JWT_ISSUER (");
        properties.setJwtAudience("todo-app");
        assertThat(decoder(properties)).isNotNull();
    }
}
