package dev.todo.common.dapr;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How this app reaches its sidecar; defaults from DAPR_HTTP_PORT, DAPR_GRPC_PORT, DAPR_API_TOKEN. */
@ConfigurationProperties("todo.dapr")
public class DaprProperties {

    private String host = "127.0.0.1";
    private int httpPort = 3500;
    private int grpcPort = 50001;
    /** Sent to the sidecar as {@code dapr-api-token}; empty when the sidecar has no token. */
    private String apiToken;
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

    public boolean isSidecarHealthEnabled() {
        return sidecarHealthEnabled;
    }

    public void setSidecarHealthEnabled(boolean sidecarHealthEnabled) {
        this.sidecarHealthEnabled = sidecarHealthEnabled;
    }
}
