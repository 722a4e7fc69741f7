package dev.todo.common.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class DaprSidecarHealthIndicatorTest {

    private static Status statusWhenSidecarAnswers(int code) throws Exception {
        HttpServer sidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sidecar.createContext("/v1.0/healthz/outbound", exchange -> {
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        sidecar.start();
        try {
            DaprProperties properties = new DaprProperties();
            properties.setHttpPort(sidecar.getAddress().getPort());
            return new DaprSidecarHealthIndicator(properties).health().getStatus();
        } finally {
            sidecar.stop(0);
        }
    }

    @Test
    void givenTheSidecarAnswers204_thenUp() throws Exception {
        assertThat(statusWhenSidecarAnswers(204)).isEqualTo(Status.UP);
    }

    @Test
    void givenTheSidecarAnswers500_thenDown() throws Exception {
        assertThat(statusWhenSidecarAnswers(500)).isEqualTo(Status.DOWN);
    }

    @Test
    void givenNoSidecar_thenDown() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        DaprProperties properties = new DaprProperties();
        properties.setHttpPort(freePort);
        assertThat(new DaprSidecarHealthIndicator(properties).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void givenTheCheckIsDisabled_thenUpWithANote() {
        DaprProperties properties = new DaprProperties();
        properties.setSidecarHealthEnabled(false);
        properties.setHttpPort(1);
        var health = new DaprSidecarHealthIndicator(properties).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("check", "disabled");
    }
}
