package dev.todo.common.dapr;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Readiness of the sidecar: daprd answers {@code /v1.0/healthz/outbound} with 204 once its components
 * (pub/sub, state store) are ready to be used by the app. When disabled it reports UP with a note, so the
 * readiness group can list it in every environment.
 */
public class DaprSidecarHealthIndicator extends AbstractHealthIndicator {

    private final DaprProperties properties;
    private final HttpClient client;

    public DaprSidecarHealthIndicator(DaprProperties properties) {
        super("Dapr sidecar health check failed");
        this.properties = properties;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        if (!properties.isSidecarHealthEnabled()) {
            builder.up().withDetail("check", "disabled");
            return;
        }
        URI uri = URI.create("http://" + properties.getHost() + ":" + properties.getHttpPort()
                + "/v1.0/healthz/outbound");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        builder.withDetail("httpPort", properties.getHttpPort()).withDetail("status", response.statusCode());
        if (response.statusCode() / 100 == 2) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
