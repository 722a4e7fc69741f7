package dev.todo.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.verifier.report.Report;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** --wait: re-checks until the release turns healthy, and gives up when the time is over. */
@EnableKubernetesMockClient(crud = true)
class ReleaseVerifierTest {

    KubernetesClient client;

    /** A clock the pauses move forward, so waiting takes no real time. */
    static final class SteppingClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void waitsUntilTheKafkaBecomesReady() throws Exception {
        ClusterFixtures cluster = new ClusterFixtures(client).healthyRelease();
        cluster.kafka("False");
        SteppingClock clock = new SteppingClock();
        AtomicInteger pauses = new AtomicInteger();
        ReleaseVerifier verifier = new ReleaseVerifier(client, clock, () -> {
            clock.now = clock.now.plusSeconds(5);
            if (pauses.incrementAndGet() == 3) {
                cluster.kafka("True");
            }
        });
        VerifierOptions options = new VerifierOptions("todo", "todo-app", VerifierOptions.defaults().components(),
                java.util.List.of(), "todo-resiliency", VerifierOptions.KafkaMode.AUTO, "kafka", "todo-kafka",
                VerifierOptions.defaults().topics(), "v1", Duration.ofMinutes(2), null);
        Report report = verifier.verify(options);
        assertThat(report.passed()).isTrue();
        assertThat(pauses).hasValue(3);
    }

    @Test
    void givesUpWhenTheWaitIsOver() throws Exception {
        ClusterFixtures cluster = new ClusterFixtures(client).healthyRelease();
        cluster.kafka("False");
        SteppingClock clock = new SteppingClock();
        AtomicInteger pauses = new AtomicInteger();
        ReleaseVerifier verifier = new ReleaseVerifier(client, clock, () -> {
            clock.now = clock.now.plusSeconds(5);
            pauses.incrementAndGet();
        });
        VerifierOptions options = VerifierOptions.parse("--wait", "30");
        Report report = verifier.verify(options);
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("kafka/todo-kafka"));
        assertThat(pauses).hasValue(6);
    }

    @Test
    void autoDecidesAgainAtEveryAttemptAndWaitsForTheInChartBrokerAndItsTopicsJob() throws Exception {
        // helm install has just begun: no Kafka of the release yet, and no Strimzi on this cluster either
        ClusterFixtures cluster = new ClusterFixtures(client).healthyRelease().withInChartKafka();
        client.apps().statefulSets().inNamespace(ClusterFixtures.NS).withName(ClusterFixtures.IN_CHART_KAFKA).delete();
        cluster.topicsJob(ClusterFixtures.TOPICS_JOB, "Running", null, ClusterFixtures.TOPICS);
        SteppingClock clock = new SteppingClock();
        AtomicInteger pauses = new AtomicInteger();
        ReleaseVerifier verifier = new ReleaseVerifier(client, clock, () -> {
            clock.now = clock.now.plusSeconds(5);
            switch (pauses.incrementAndGet()) {
                case 1 -> cluster.kafkaStatefulSet(ClusterFixtures.RELEASE, 1, 0);
                case 2 -> cluster.kafkaStatefulSet(ClusterFixtures.RELEASE, 1, 1);
                case 3 -> cluster.topicsJob(ClusterFixtures.TOPICS_JOB, "Complete", null,
                        ClusterFixtures.TOPICS);
                default -> { }
            }
        });
        Report report = verifier.verify(VerifierOptions.parse("--wait", "120"));
        assertThat(report.passed()).as(report.render()).isTrue();
        assertThat(pauses).hasValue(3);
        assertThat(report.render()).contains("Kafka (in-chart)").doesNotContain("Strimzi");
    }
}
