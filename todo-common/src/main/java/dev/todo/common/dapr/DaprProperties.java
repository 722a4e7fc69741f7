package dev.todo.common.dapr;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How this app reaches its sidecar; defaults from DAPR_HTTP_PORT, DAPR_GRPC_PORT, DAPR_API_TOKEN. */
@ConfigurationProperties("todo.dapr")
public class DaprProperties {

    private String host = "127.0.0.1";
    private int httpPort = 3500;
    private int grpcPort = 50001;
    /** Sent to the sidecar as {@code dapr-api-token}; empty when the sidecar has no token. */
    private String apiToken;
    /**
     * Threads of the SDK's HTTP client (service invocation). The SDK runs it on a fixed pool of this size, which
     * starts a thread per call until full: at the SDK's default of 1024 a busy recurring-service held ~1,000 idle
     * threads (117 MB of stacks). Calls beyond it queue, they do not fail.
     */
    private int httpMaxRequests = 32;
    /**
     * Longest wait to connect to the sidecar for a service invocation ({@link DaprInvocationClients}); it is on
     * the same host or pod, so a slow connect means it is down.
     */
    private Duration invocationConnectTimeout = Duration.ofSeconds(2);
    /** Readiness waits for the sidecar; slice tests without a sidecar switch this off. */
    private boolean sidecarHealthEnabled = true;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getHttpPort() {
        return httpPort;
    }

    public void setHttpPort(int httpPort) {
        this.httpPort = httpPort;
    }

    public int getGrpcPort() {
        return grpcPort;
    }

    public void setGrpcPort(int grpcPort) {
        this.grpcPort = grpcPort;
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    public int getHttpMaxRequests() {
        return httpMaxRequests;
    }

    public void setHttpMaxRequests(int httpMaxRequests) {
        this.httpMaxRequests = httpMaxRequests;
    }

    public Duration getInvocationConnectTimeout() {
        return invocationConnectTimeout;
    }

    public void setInvocationConnectTimeout(Duration invocationConnectTimeout) {
        this.invocationConnectTimeout = invocationConnectTimeout;
    }

    public boolean isSidecarHealthEnabled() {
        return sidecarHealthEnabled;
    }

    public void setSidecarHealthEnabled(boolean sidecarHealthEnabled) {
        this.sidecarHealthEnabled = sidecarHealthEnabled;
    }
}
