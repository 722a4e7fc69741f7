package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoTokenTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-local";
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void signsAnHs256TokenForTheSubjectThatTheSharedSecretVerifies() throws Exception {
        SignedJWT jwt = SignedJWT.parse(DemoToken.sign("demo-user", SECRET, clock));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("demo-user");
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-01-02T15:04:05Z"));
    }

    @Test
    void carriesTheIssuerAndAudienceTheAppsInheritFromTheLauncher() throws Exception {
        SignedJWT jwt = SignedJWT.parse(DemoToken.sign("demo-user", SECRET, clock,
                java.util.Map.of("AUTH_JWT_ISSUER", "https://auth.local", "AUTH_JWT_AUDIENCE", "todo-app")));

        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://auth.local");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("todo-app");
        assertThat(SignedJWT.parse(DemoToken.sign("demo-user", SECRET, clock)).getJWTClaimsSet().getAudience()).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherSecretDoesNotVerify() throws Exception {
        SignedJWT jwt = SignedJWT.parse(DemoToken.sign("demo-user", SECRET, clock));

        assertThat(jwt.verify(new MACVerifier("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }
}
