package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.todo.common.test.TestJwts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** A token is verified once, handed out from the cache only while the validator would still accept it. */
class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final Clock clock = mock(Clock.class);
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder decoder = new CachingJwtDecoder(counting(JwtDecoders.verifying(hs256(), clock)), clock,
            SKEW, 100);

    @BeforeEach
    void startAtNow() {
        setClock(NOW);
    }

    private void setClock(Instant now) {
        when(clock.instant()).thenReturn(now);
    }

    private static TodoSecurityProperties hs256() {
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setJwtSecret(TestJwts.SECRET);
        properties.setJwtClockSkew(SKEW);
        return properties;
    }

    private JwtDecoder counting(JwtDecoder verifying) {
        return token -> {
            verifications.incrementAndGet();
            return verifying.decode(token);
        };
    }

    private static String token(String subject, Duration expiresIn) {
        return TestJwts.signed(new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(expiresIn))).build());
    }

    @Test
    void givenTheSameTokenTwice_thenItIsVerifiedOnce() {
        String token = token("alice", Duration.ofMinutes(5));

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void givenACachedToken_whenItsExpiryPlusSkewPasses_thenItIsRefused() {
        String token = token("alice", Duration.ofMinutes(1));
        decoder.decode(token);

        setClock(NOW.plus(Duration.ofMinutes(1)).plus(SKEW));
        assertThat(decoder.decode(token).getSubject()).as("still within the skew").isEqualTo("alice");
        assertThat(verifications).hasValue(1);

        setClock(NOW.plus(Duration.ofMinutes(1)).plus(SKEW).plusMillis(1));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void givenARefusedToken_thenItIsNotKeptAndVerifiedEachTime() {
        String forged = token("alice", Duration.ofMinutes(5)) + "x";

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenTwoTokens_thenEachIsVerifiedAndAnsweredWithItsOwnClaims() {
        String alice = token("alice", Duration.ofMinutes(5));
        String bob = token("bob", Duration.ofMinutes(5));

        assertThat(decoder.decode(alice).getSubject()).isEqualTo("alice");
        assertThat(decoder.decode(bob).getSubject()).isEqualTo("bob");
        assertThat(decoder.decode(alice).getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenTheServicesDecoder_thenItCachesToo() {
        JwtDecoder built = JwtDecoders.create(hs256(), clock);
        String token = token("alice", Duration.ofMinutes(5));

        assertThat(built).isInstanceOf(CachingJwtDecoder.class);
        assertThat(built.decode(token)).isSameAs(built.decode(token));
    }
}
