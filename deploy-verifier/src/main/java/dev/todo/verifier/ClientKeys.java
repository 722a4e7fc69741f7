package dev.todo.verifier;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8 guesses a client key's algorithm from its PEM header alone ("BEGIN EC PRIVATE KEY" is EC, anything else
 * RSA), so an EC key in PKCS#8 form ("BEGIN PRIVATE KEY", what the local cluster's PKI and openssl genpkey write)
 * fails with "Invalid DER: object is not integer". This reads the PKCS#8 key and sets the algorithm it really has.
 */
final class ClientKeys {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)-----END PRIVATE KEY-----");
    /** The algorithms fabric8's CertUtils can load from PKCS#8. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    private ClientKeys() {
    }

    /** Sets config.clientKeyAlgo from an unencrypted PKCS#8 client key; leaves every other config alone. */
    static Config withKeyAlgorithm(Config config) {
        pem(config).flatMap(ClientKeys::pkcs8Algorithm).ifPresent(config::setClientKeyAlgo);
        return config;
    }

    private static Optional<String> pem(Config config) {
        try {
            if (config.getClientKeyData() != null && !config.getClientKeyData().isBlank()) {
                String data = config.getClientKeyData().trim();
                return Optional.of(data.contains("-----BEGIN")
                        ? data : new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII));
            }
            if (config.getClientKeyFile() != null && !config.getClientKeyFile().isBlank()) {
                return Optional.of(Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII));
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable here: leave it to the client, which reports it
        }
        return Optional.empty();
    }

    static Optional<String> pkcs8Algorithm(String pem) {
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            return Optional.empty();
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : ALGORITHMS) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return Optional.of(algorithm);
            } catch (GeneralSecurityException e) {
                // not this one
            }
        }
        return Optional.empty();
    }
}
