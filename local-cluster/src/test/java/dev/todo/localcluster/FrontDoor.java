package dev.todo.localcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The system's front door as a user's client meets it: {@code https://todo.local} (SNI todo.local, the certificate
 * checked against the cluster's own CA and the host name, as a browser would), served by Traefik's Gateway API
 * listener at the address in the state file.
 *
 * <p>Name resolution: JDK 17 has no per-client resolver, so the test JVM starts with
 * {@code -Djdk.net.hosts.file=<target/front-door.hosts>} (failsafe argLine) and this class writes that file before
 * the first look-up: the machine's /etc/hosts plus {@code <address> <host>}. Nothing is resolved by IP, so TLS host
 * name verification stays on.
 */
final class FrontDoor {

    static final String HOSTS_FILE_PROPERTY = "front-door.hosts-file";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static volatile FrontDoor open;

    final ClusterState state;
    final URI base;
    final HttpClient http;

    private FrontDoor(ClusterState state, HttpClient http) {
        this.state = state;
        this.base = URI.create(state.url());
        this.http = http;
    }

    /** The front door of the running cluster (one per test JVM). */
    static FrontDoor of(ClusterState state) {
        FrontDoor door = open;
        if (door == null) {
            synchronized (FrontDoor.class) {
                if (open == null) {
                    resolveHostToFrontDoor(state);
                    open = new FrontDoor(state, newClient(trusting(state.caCert()), HttpClient.Redirect.NEVER));
                }
                door = open;
            }
        }
        return door;
    }

    static HttpClient newClient(SSLContext tls, HttpClient.Redirect redirects) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                // one connection per request thread, as browsers and curl scripts of the load do; keeps which
                // request hit which backend connection simple while pods come and go
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(redirects)
                .build();
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /** One request through the front door; {@code bearer} may be null (no Authorization header). */
    HttpResponse<String> send(String method, String pathAndQuery, String bearer, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri(pathAndQuery) + " through the front door (" + state.address()
                    + ":" + state.port() + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An SSL context that trusts exactly the cluster's CA. */
    static SSLContext trusting(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("no certificate in " + caCert);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("todo-cluster-ca-" + i++, certificate);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster CA " + caCert, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the cluster CA " + caCert + ": " + e, e);
        }
    }

    /**
     * Writes the hosts file the JVM was started with (if it was) and checks that the front door's host name now
     * resolves to its address.
     */
    static void resolveHostToFrontDoor(ClusterState state) {
        String jvmHostsFile = System.getProperty("jdk.net.hosts.file");
        String ourHostsFile = System.getProperty(HOSTS_FILE_PROPERTY);
        if (jvmHostsFile != null && jvmHostsFile.equals(ourHostsFile)) {
            writeHostsFile(Path.of(ourHostsFile), state);
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(state.host());
        } catch (UnknownHostException e) {
            resolved = new InetAddress[0];
        }
        boolean ok = Arrays.stream(resolved).anyMatch(a -> a.getHostAddress().equals(state.address()));
        if (!ok) {
            throw new IllegalStateException(state.host() + " resolves to " + Arrays.toString(resolved) + ", not to the "
                    + "front door " + state.address() + ". Run the suite through Maven (failsafe starts the JVM with "
                    + "-Djdk.net.hosts.file=" + ourHostsFile + "), or map " + state.host() + " to " + state.address()
                    + " in /etc/hosts.");
        }
    }

    /** Every host name a hosts file maps (the words after the address, comments dropped). */
    static List<String> namesIn(String hostsFile) {
        return hostsFile.lines()
                .map(l -> l.contains("#") ? l.substring(0, l.indexOf('#')) : l)
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .flatMap(l -> Arrays.stream(l.split("\\s+")).skip(1))
                .toList();
    }

    private static void writeHostsFile(Path file, ClusterState state) {
        StringBuilder hosts = new StringBuilder("# written by the local-cluster suite: /etc/hosts + the front door\n");
        Path etcHosts = Path.of("/etc/hosts");
        try {
            if (Files.isReadable(etcHosts)) {
                hosts.append(Files.readString(etcHosts, StandardCharsets.UTF_8)).append('\n');
            }
            // this machine's own name, which some libraries look up, when /etc/hosts lacks it
            Path hostname = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(hostname)) {
                String name = Files.readString(hostname, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty() && !namesIn(hosts.toString()).contains(name)) {
                    hosts.append("127.0.1.1 ").append(name).append('\n');
                }
            }
            hosts.append(state.address()).append(' ').append(state.host()).append('\n');
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, hosts.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
