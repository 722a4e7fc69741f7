package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.NotificationServiceApplication;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas on one database. Dapr delivers each message to one replica of the consumer group;
 * browsers connected to either replica must still get it.
 */
@NotificationIT
class MultiReplicaStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ConfigurableApplicationContext replicaB;

    @LocalServerPort
    int portA;
    @Autowired
    ObjectMapper json;
    @Autowired
    StreamEventListener listenerA;

    @BeforeAll
    static void startSecondReplica() {
        // command-line arguments: they outrank application.yaml, as the environment does in production
        replicaB = new SpringApplicationBuilder(NotificationServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + SharedPostgres.jdbcUrl("notification_it"),
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=" + SharedPostgres.password(),
                "--todo.security.jwt-secret=" + TestJwts.SECRET,
                "--todo.security.app-api-token=" + NotificationIT.APP_TOKEN,
                "--todo.dapr.sidecar-health-enabled=false");
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void bothReplicasPushEveryEventToTheirClients() throws Exception {
        int portB = ((ServletWebServerApplicationContext) replicaB).getWebServer().getPort();
        await().atMost(WAIT).until(() -> listenerA.isListening()
                && replicaB.getBean(StreamEventListener.class).isListening());
        String user = Reminders.newUserId();
        long viaA = Reminders.newTaskId();
        long viaB = Reminders.newTaskId();

        try (SseTestClient onA = SseTestClient.open(portA, user, TestJwts.token(user), null);
             SseTestClient onB = SseTestClient.open(portB, user, TestJwts.token(user), null)) {
            await().atMost(WAIT).until(() -> onA.status() == 200 && onB.status() == 200);

            new DaprCalls(portA, NotificationIT.APP_TOKEN, json).deliver("/events/reminders", "reminders",
                    Reminders.reminder(viaA, user, Instant.parse("2026-03-02T09:45:00Z")));
            new DaprCalls(portB, NotificationIT.APP_TOKEN, json).deliver("/events/task-updates", "task-updates",
                    Reminders.taskUpdate(viaB, user));

            for (SseTestClient client : new SseTestClient[] {onA, onB}) {
                await().atMost(WAIT).until(() -> client.events().size() == 2);
                assertThat(json.readTree(client.events("notification").get(0).data()).path("task_id").asLong())
                        .isEqualTo(viaA);
                assertThat(json.readTree(client.events("task-update").get(0).data()).path("task_id").asLong())
                        .isEqualTo(viaB);
            }
            // both replicas number the events the same way, so Last-Event-ID works on either
            assertThat(onA.events()).extracting(SseTestClient.Event::id)
                    .containsExactlyElementsOf(onB.events().stream().map(SseTestClient.Event::id).toList());
        }
    }
}
