package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** AUTH_JWKS_URI: tokens signed with EdDSA (Better Auth's default) or RS256 by a key the JWKS publishes. */
class JwksDecoderTest {

    private static final String ISSUER = "https://auth.example.com";
    private static final String AUDIENCE = "todo-app";

    private HttpServer server;
    private OctetKeyPair ed25519;
    private RSAKey rsa;
    private JwtDecoder decoder;

    @BeforeEach
    void publishJwks() throws Exception {
        ed25519 = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        byte[] jwks = new JWKSet(java.util.List.of(ed25519.toPublicJWK(), rsa.toPublicJWK())).toString()
                .getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        TodoSecurityProperties properties = new TodoSecurityProperties();
        properties.setJwksUri("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        properties.setJwtSecret("ignored-when-a-jwks-uri-is-set-0123456789");
        properties.setJwtIssuer(ISSUER);
        properties.setJwtAudience(AUDIENCE);
        decoder = JwtDecoders.create(properties);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String token(JWSAlgorithm algorithm, String keyId, JWSSigner signer, String subject) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void givenAnEdDsaToken_thenItIsVerifiedWithThePublishedKey() throws Exception {
        String token = token(JWSAlgorithm.EdDSA, "ed", new Ed25519Signer(ed25519), "alice");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
    }

    @Test
    void givenAnRs256Token_thenItIsVerifiedWithThePublishedKey() throws Exception {
        String token = token(JWSAlgorithm.RS256, "rsa", new RSASSASigner(rsa), "bob");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("bob");
    }

    @Test
    void givenATokenFromAnUnpublishedKey_thenItIsRejected() throws Exception {
        OctetKeyPair stranger = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").generate();
        String token = token(JWSAlgorithm.EdDSA, "ed", new Ed25519Signer(stranger), "mallory");
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void givenAnHs256TokenWhileAJwksIsConfigured_thenItIsRejected() {
        String token = dev.todo.common.test.TestJwts.token("eve", "ignored-when-a-jwks-uri-is-set-0123456789",
                java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }
}
