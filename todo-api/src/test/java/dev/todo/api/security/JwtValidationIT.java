package dev.todo.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.todo.api.support.ApiIntegrationTest;
import dev.todo.common.test.TestJwts;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * SPEC §6 through todo-api's whole filter chain, with an issuer and an audience configured: {@code exp} is
 * required, the clock skew is the default 30 s, and {@code iss}/{@code aud} must match. Tokens are checked
 * against the real clock (not the ITs' shifted one), so they are minted with the real time.
 */
@TestPropertySource(properties = {
        "todo.security.jwt-issuer=" + JwtValidationIT.ISSUER,
        "todo.security.jwt-audience=" + JwtValidationIT.AUDIENCE})
class JwtValidationIT extends ApiIntegrationTest {

    static final String ISSUER = "https://auth.todo.test";
    static final String AUDIENCE = "todo-app";

    private JWTClaimsSet.Builder valid(Duration expiresIn) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(user).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10)))).expirationTime(Date.from(now.plus(expiresIn)));
    }

    private MvcResult list(JWTClaimsSet claims) throws Exception {
        return mvc.perform(get(tasksPath()).header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.signed(claims)))
                .andReturn();
    }

    private void assertUnauthorized(JWTClaimsSet claims) throws Exception {
        MvcResult result = list(claims);
        assertThat(result.getResponse().getStatus()).isEqualTo(401);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
    }

    @Test
    void aTokenWithTheRightIssuerAndAudienceIsAccepted() throws Exception {
        mvc.perform(get(tasksPath()).header(HttpHeaders.AUTHORIZATION,
                "Bearer " + TestJwts.signed(valid(Duration.ofMinutes(5)).build()))).andExpect(status().isOk());
    }

    @Test
    void aTokenWithoutExpIs401() throws Exception {
        assertUnauthorized(valid(Duration.ofMinutes(5)).expirationTime(null).build());
    }

    @Test
    void aTokenExpiredBeyondTheSkewIs401() throws Exception {
        assertUnauthorized(valid(Duration.ofSeconds(-60)).build());
    }

    @Test
    void aTokenExpiredWithinTheSkewIsStillAccepted() throws Exception {
        // 10 s past exp, 20 s inside the 30 s skew: margin enough for a slow machine
        assertThat(list(valid(Duration.ofSeconds(-10)).build()).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIs401() throws Exception {
        assertUnauthorized(valid(Duration.ofMinutes(5)).audience("another-app").build());
        assertUnauthorized(valid(Duration.ofMinutes(5)).audience((String) null).build());
    }

    @Test
    void aTokenFromAnotherIssuerIs401() throws Exception {
        assertUnauthorized(valid(Duration.ofMinutes(5)).issuer("https://evil.example.com").build());
        assertUnauthorized(valid(Duration.ofMinutes(5)).issuer(null).build());
    }
}
