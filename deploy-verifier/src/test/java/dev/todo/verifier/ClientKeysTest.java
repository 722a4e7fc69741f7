package dev.todo.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PKCS#8 client key ("BEGIN PRIVATE KEY") gets the algorithm it really has: fabric8 would read an EC one as RSA
 * and fail with "Invalid DER: object is not integer" (the local cluster's admin key is EC P-256 in PKCS#8).
 */
class ClientKeysTest {

    @TempDir
    Path dir;

    static String pkcs8Pem(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void anEcKeyFileInPkcs8FormIsMarkedEc() throws Exception {
        Path key = Files.writeString(dir.resolve("admin.key"), pkcs8Pem("EC", 256));
        Config config = new ConfigBuilder(Config.empty()).withClientKeyFile(key.toString()).build();
        assertThat(ClientKeys.withKeyAlgorithm(config).getClientKeyAlgo()).isEqualTo("EC");
    }

    @Test
    void keyDataInlineOrBase64IsReadToo() throws Exception {
        String pem = pkcs8Pem("EC", 256);
        Config base64 = new ConfigBuilder(Config.empty())
                .withClientKeyData(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII))).build();
        assertThat(ClientKeys.withKeyAlgorithm(base64).getClientKeyAlgo()).isEqualTo("EC");
        assertThat(ClientKeys.pkcs8Algorithm(pkcs8Pem("RSA", 2048))).contains("RSA");
    }

    @Test
    void otherKeysAndConfigsAreLeftAlone() throws Exception {
        Path sec1 = Files.writeString(dir.resolve("ec.key"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        Config config = new ConfigBuilder(Config.empty()).withClientKeyFile(sec1.toString()).withClientKeyAlgo("EC").build();
        assertThat(ClientKeys.withKeyAlgorithm(config).getClientKeyAlgo()).isEqualTo("EC");
        Config none = new ConfigBuilder(Config.empty()).withOauthToken("t").build();
        assertThat(ClientKeys.withKeyAlgorithm(none).getClientKeyAlgo()).isEqualTo(Config.empty().getClientKeyAlgo());
        Config missing = new ConfigBuilder(Config.empty()).withClientKeyFile(dir.resolve("gone.key").toString()).build();
        assertThat(ClientKeys.withKeyAlgorithm(missing).getClientKeyAlgo()).isEqualTo(Config.empty().getClientKeyAlgo());
    }
}
