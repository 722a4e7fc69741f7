package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §3/§5: a consumer's sidecar restarting under load loses and doubles nothing. 60 reminders fall due over
 * 30 s; while they are being delivered, notification-service's daprd is stopped and started again. In the end
 * there is exactly one notification per reminder, and no later redelivery adds a second.
 */
@ExtendWith({LocalStackExtension.class, StackFaults.class})
class ConsumerSidecarRestartIT {

    private static final int REMINDERS = 60;

    @Test
    void restartingNotificationServicesSidecarLosesAndDoublesNothing(LocalStack stack) throws Exception {
        try (FaultUser user = new FaultUser(stack)) {
            Instant first = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            Set<Long> tasks = new HashSet<>();
            for (int i = 0; i < REMINDERS; i++) {
                Instant remindAt = first.plusMillis(i * 500L);
                tasks.add(user.createTask("{\"title\":\"reminder " + i + "\",\"due_at\":\""
                        + remindAt.plus(Duration.ofMinutes(1)) + "\",\"reminder_offset\":\"PT1M\"}"));
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.notificationTaskIds().size() >= 5);

            StackFaults.restartSidecar(stack, ServiceSpec.NOTIFICATION_SERVICE);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> user.notificationTaskIds().size() >= REMINDERS);
            // redeliveries after the restart must not add a second notification for any reminder
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15))
                    .until(() -> user.notificationTaskIds().size() == REMINDERS);
            List<Long> notified = user.notificationTaskIds();
            assertThat(notified).hasSize(REMINDERS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(notified)).isEqualTo(tasks);
        }
    }
}
