package dev.todo.common.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Nimbus verifies Ed25519 (EdDSA) signatures with {@link Ed25519Verifier}, but its standard key selector
 * drops OKP keys because they have no {@code java.security.Key} form. These two pieces carry the OKP JWK
 * through the processor to the Ed25519 verifier; RSA and EC keys take Nimbus' standard path.
 */
final class JwksKeys {

    private JwksKeys() {
    }

    /** An Ed25519 public JWK wrapped as a Key, understood only by {@link VerifierFactory}. */
    static final class OkpPublicKey implements PublicKey {

        private final transient OctetKeyPair jwk;

        OkpPublicKey(OctetKeyPair jwk) {
            this.jwk = jwk;
        }

        @Override
        public String getAlgorithm() {
            return "EdDSA";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    /** Selects the JWKS keys matching the token header, for the allowed algorithms only. */
    static final class KeySelector implements JWSKeySelector<SecurityContext> {

        private final Set<JWSAlgorithm> algorithms;
        private final JWKSource<SecurityContext> source;

        KeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
            this.algorithms = algorithms;
            this.source = source;
        }

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            if (!algorithms.contains(header.getAlgorithm())) {
                return List.of();
            }
            JWKMatcher matcher = JWSAlgorithm.EdDSA.equals(header.getAlgorithm())
                    ? new JWKMatcher.Builder().keyType(com.nimbusds.jose.jwk.KeyType.OKP).curve(Curve.Ed25519)
                            .keyID(header.getKeyID()).build()
                    : JWKMatcher.forJWSHeader(header);
            List<Key> keys = new ArrayList<>();
            for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
                try {
                    if (jwk instanceof OctetKeyPair okp) {
                        keys.add(new OkpPublicKey(okp.toPublicJWK()));
                    } else if (jwk instanceof RSAKey rsa) {
                        keys.add(rsa.toRSAPublicKey());
                    } else if (jwk instanceof ECKey ec) {
                        keys.add(ec.toECPublicKey());
                    }
                } catch (JOSEException e) {
                    // a malformed key in the set cannot verify anything; the others still can
                }
            }
            return keys;
        }
    }

    /** Ed25519 for wrapped OKP keys, Nimbus' defaults for everything else. */
    static final class VerifierFactory extends DefaultJWSVerifierFactory {

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (key instanceof OkpPublicKey okp && JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return new Ed25519Verifier(okp.jwk);
            }
            return super.createJWSVerifier(header, key);
        }
    }
}
