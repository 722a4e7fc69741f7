package dev.todo.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixed loopback ports of the stack (docs/CONVENTIONS.md), checked before anything starts. */
public final class Ports {

    private Ports() {
    }

    /** Every port a stack with these services binds, with what binds it. */
    public static Map<Integer, String> of(List<ServiceSpec> services) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(PostgresServer.PORT, "PostgreSQL");
        ports.put(9092, "Kafka broker");
        ports.put(KafkaBroker.CONTROLLER_PORT, "Kafka controller");
        ports.put(ZipkinServer.PORT, "Zipkin");
        ports.put(DaprScheduler.PORT, "Dapr Scheduler");
        ports.put(DaprScheduler.HEALTH_PORT, "Dapr Scheduler health");
        ports.put(DaprScheduler.ETCD_CLIENT_PORT, "Scheduler etcd");
        ports.put(DaprScheduler.ETCD_PEER_PORT, "Scheduler etcd peer");
        for (ServiceSpec service : services) {
            ports.put(service.appPort(), service.appId());
            ports.put(service.daprHttpPort(), "daprd " + service.appId() + " HTTP");
            ports.put(service.daprGrpcPort(), "daprd " + service.appId() + " gRPC");
            ports.put(service.daprMetricsPort(), "daprd " + service.appId() + " metrics");
        }
        return ports;
    }

    /** Fails, naming the port and its owner, if something else already listens on one of them. */
    public static void requireFree(Map<Integer, String> ports) {
        ports.forEach((port, owner) -> {
            if (!isFree(port)) {
                throw new StackStartupException("launcher", "port " + port + " (" + owner + ") is already in use"
                        + System.lineSeparator() + "what to do: is another local stack or an end-to-end test running? "
                        + "Stop it (Ctrl-C), or find the process with: ss -ltnp 'sport = :" + port + "'");
            }
        });
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
