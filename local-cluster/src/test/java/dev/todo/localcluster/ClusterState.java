package dev.todo.localcluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What {@code cluster.sh up} leaves in {@code <state dir>/front-door.properties}: where the front door is, how to
 * trust it, and what an operator needs (kubeconfig, kubectl, helm, the chart and the release). The state
 * directory is {@code $TODO_CLUSTER_STATE} (or the system property {@code todo.cluster.state}), else
 * {@value #DEFAULT_STATE_DIR}.
 */
record ClusterState(Path file, Properties properties) {

    static final String DEFAULT_STATE_DIR = "/var/lib/todo-cluster";
    static final String FILE_NAME = "front-door.properties";

    private static volatile ClusterState current;

    /** The state of the running cluster, read once per test JVM. */
    static ClusterState current() {
        ClusterState state = current;
        if (state == null) {
            synchronized (ClusterState.class) {
                if (current == null) {
                    current = load(stateDir().resolve(FILE_NAME));
                }
                state = current;
            }
        }
        return state;
    }

    static Path stateDir() {
        String dir = System.getProperty("todo.cluster.state");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("TODO_CLUSTER_STATE");
        }
        return Path.of(dir == null || dir.isBlank() ? DEFAULT_STATE_DIR : dir);
    }

    static ClusterState load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No cluster state at " + file + ": start the cluster first ("
                    + "`bash local-cluster/cluster.sh up`, or run the module without -Dcluster.reuse=true), or point "
                    + "TODO_CLUSTER_STATE at the directory that holds " + FILE_NAME);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ClusterState(file, p);
    }

    String require(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no '" + key + "' (written by cluster.sh up)");
        }
        return value.trim();
    }

    String optional(String key, String fallback) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    // --- the front door ---------------------------------------------------------------------------------------

    /** https://todo.local */
    String url() {
        String url = require("url");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String host() {
        return require("host");
    }

    String address() {
        return require("address");
    }

    int port() {
        return Integer.parseInt(require("port"));
    }

    /**
     * The plain-HTTP listener that should redirect to HTTPS. Not in the documented state file; {@code http-port}
     * is honoured when cluster.sh writes it.
     */
    int httpPort() {
        return Integer.parseInt(optional("http-port", "80"));
    }

    Path caCert() {
        return Path.of(require("ca-cert"));
    }

    // --- what an operator uses --------------------------------------------------------------------------------

    Path kubeconfig() {
        return Path.of(require("kubeconfig"));
    }

    String kubectl() {
        return require("kubectl");
    }

    String helm() {
        return require("helm");
    }

    String namespace() {
        return require("namespace");
    }

    String release() {
        return require("release");
    }

    String daprNamespace() {
        return require("dapr-namespace");
    }

    Path chart() {
        return Path.of(require("chart"));
    }

    Path values() {
        return Path.of(require("values"));
    }

    String imageRegistry() {
        return require("image-registry");
    }

    String imageTag() {
        return require("image-tag");
    }

    String rolloutTag() {
        return require("rollout-tag");
    }

    /** The HS256 secret the services accept (trailing newline dropped). */
    String authSecret() {
        Path path = Path.of(require("auth-secret-file"));
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the auth secret " + path, e);
        }
    }

    /** {@code app.kubernetes.io/component=kafka} as a label map. */
    Map<String, String> kafkaPodSelector() {
        return Cluster.parseSelector(require("kafka-pod-selector"));
    }

    /** Not in the documented state file: the Kafka pod runs in the release's namespace unless it says otherwise. */
    String kafkaNamespace() {
        return optional("kafka-namespace", namespace());
    }

    /** Environment for kubectl and helm: only KUBECONFIG is added to the inherited environment. */
    Map<String, String> toolEnvironment() {
        return Map.of("KUBECONFIG", kubeconfig().toString());
    }

    /**
     * "RSA" or "EC" for the current context's client key when it is PKCS#8 ("BEGIN PRIVATE KEY", no algorithm in
     * the header); empty when there is none or the header already says. fabric8 7.4 takes such a key for RSA and
     * fails on an EC one ("Invalid DER"); the cluster's admin key is EC (deploy-verifier's ClientKeys does the same).
     */
    java.util.Optional<String> clientKeyAlgorithm() {
        try {
            io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(null,
                    Files.readString(kubeconfig(), StandardCharsets.UTF_8), kubeconfig().toString());
            String pem;
            if (config.getClientKeyData() != null && !config.getClientKeyData().isBlank()) {
                pem = new String(java.util.Base64.getDecoder().decode(config.getClientKeyData().strip()),
                        StandardCharsets.UTF_8);
            } else if (config.getClientKeyFile() != null) {
                pem = Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.UTF_8);
            } else {
                return java.util.Optional.empty();
            }
            String begin = "-----BEGIN PRIVATE KEY-----";
            int start = pem.indexOf(begin);
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (start < 0 || end < 0) {
                return java.util.Optional.empty();
            }
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
            for (String algorithm : new String[] {"RSA", "EC"}) {
                try {
                    java.security.KeyFactory.getInstance(algorithm)
                            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
                    return java.util.Optional.of(algorithm);
                } catch (java.security.GeneralSecurityException notThisOne) {
                    // try the next
                }
            }
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
