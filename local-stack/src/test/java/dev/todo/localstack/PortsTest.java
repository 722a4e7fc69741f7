package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsTest {

    /** Linux's default ip_local_port_range starts here; macOS and Windows start higher still. */
    private static final int FIRST_EPHEMERAL_PORT = 32768;

    @Test
    void noFixedPortLiesWhereTheKernelHandsOutPortsForOutgoingConnections() {
        Map<Integer, String> ports = Ports.of(ServiceSpec.ALL);

        assertThat(ports.keySet()).allSatisfy(port -> assertThat(port)
                .as("%s on %d", ports.get(port), port)
                .isBetween(1024, FIRST_EPHEMERAL_PORT - 1));
    }

    @Test
    void everyProcessHasPortsOfItsOwn() {
        int infrastructure = 8; // PostgreSQL, Kafka (2), Zipkin, Scheduler (2), etcd (2)
        int perService = 4;

        assertThat(Ports.of(ServiceSpec.ALL)).hasSize(infrastructure + perService * ServiceSpec.ALL.size());
    }
}
