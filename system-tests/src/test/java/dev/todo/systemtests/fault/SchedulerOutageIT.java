package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.localstack.DaprScheduler;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.systemtests.LocalStackExtension;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.GetJobRequest;
import io.dapr.config.Properties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: reminder jobs are kept in step apart from publishing. The Dapr Scheduler is stopped for 30 s while
 * clients keep creating tasks with reminders: creates keep succeeding, their task events reach Kafka while the
 * Scheduler is still down, and once it is back every reminder job exists (asked of todo-api's sidecar); reminders
 * that fell due during the outage or just after it each fire exactly once.
 */
@ExtendWith({LocalStackExtension.class, StackFaults.class})
class SchedulerOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String SCHEDULER_HEALTH = "http://127.0.0.1:" + DaprScheduler.HEALTH_PORT + "/healthz";

    @Test
    void taskEventsFlowWhileTheSchedulerIsDownAndEveryJobExistsOnceItIsBack(LocalStack stack) throws Exception {
        try (FaultUser user = new FaultUser(stack)) {
            Instant farDue = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            CreateLoad load = new CreateLoad(user, 4, 50, () -> taskWithReminder("scheduler down", farDue));
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 40);

            StackFaults.stopScheduler(stack);
            Instant stopped = Instant.now();
            int beforeOutage = load.acknowledged.size();
            // reminders due during the outage and just after it: the jobs exist only once the Scheduler is back
            List<Long> dueSoon = new ArrayList<>();
            for (long afterStop : new long[] {10, 10, 10, 45, 45, 45}) {
                dueSoon.add(user.createTask(taskWithReminder("due soon", stopped.plusSeconds(afterStop + 60))));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> load.acknowledged.size() >= beforeOutage + 40);
            Set<Long> createdWhileDown = new HashSet<>(load.acknowledged);
            createdWhileDown.addAll(dueSoon);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(createdWhileDown));
            assertThat(StackFaults.status(SCHEDULER_HEALTH, Map.of()))
                    .as("the Scheduler is still down when the events are on task-events").isEqualTo(-1);

            Duration restOfOutage = Duration.between(Instant.now(), stopped.plus(OUTAGE));
            if (!restOfOutage.isNegative()) {
                await().during(restOfOutage).atMost(restOfOutage.plusSeconds(10)).until(() -> load.failed.get() == 0);
            }
            assertThat(load.failed).as("creates failed during the Scheduler outage").hasValue(0);
            int createdDuringOutage = load.acknowledged.size() - beforeOutage;
            StackFaults.startScheduler(stack);
            int afterOutage = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= afterOutage + 40);
            load.stop();

            Set<Long> committed = user.committedTaskIds();
            assertThat(committed).containsAll(load.acknowledged).containsAll(dueSoon);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(committed));

            Set<Long> withoutJob = Collections.synchronizedSet(new HashSet<>(load.acknowledged));
            try (DaprPreviewClient jobs = jobsApi(stack)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    withoutJob.removeIf(id -> jobExists(jobs, id));
                    return withoutJob.isEmpty();
                });
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> user.notificationTaskIds().containsAll(dueSoon));
            // a second firing would show as a second reminder_fired line (ReminderFiring logs every one)
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                List<Long> notified = user.notificationTaskIds();
                for (long id : dueSoon) {
                    assertThat(notified.stream().filter(n -> n == id)).as("notifications of task %d", id).hasSize(1);
                    assertThat(firings(stack, id)).as("reminder-%d fired", id).isEqualTo(1);
                }
            });
            System.out.printf("Scheduler outage: %d tasks with reminders, %d created during the 30 s outage, all"
                    + " events on task-events while it was down, every job present after, %d due-soon reminders"
                    + " fired once each%n", load.acknowledged.size(), createdDuringOutage, dueSoon.size());
        }
    }

    private static String taskWithReminder(String title, Instant due) {
        return "{\"title\":\"" + title + "\",\"tags\":[\"fault\"],\"due_at\":\"" + due.truncatedTo(ChronoUnit.SECONDS)
                + "\",\"reminder_offset\":\"PT1M\"}";
    }

    /**
     * todo-api's sidecar's Jobs API over gRPC, as todo-api itself uses it. Its HTTP twin
     * ({@code GET /v1.0-alpha1/jobs/{name}}) cannot answer for these jobs: the Java SDK stores the job data as a
     * protobuf {@code Any} without a type URL, which daprd's HTTP API cannot render as JSON.
     */
    private static DaprPreviewClient jobsApi(LocalStack stack) {
        return new DaprClientBuilder()
                .withPropertyOverride(Properties.GRPC_ENDPOINT, "http://127.0.0.1:" + ServiceSpec.TODO_API.daprGrpcPort())
                .withPropertyOverride(Properties.API_TOKEN, stack.secrets().daprApiToken(ServiceSpec.TODO_API))
                .buildPreviewClient();
    }

    private static boolean jobExists(DaprPreviewClient jobs, long taskId) {
        try {
            return jobs.getJob(new GetJobRequest("reminder-" + taskId)).block(Duration.ofSeconds(5)) != null;
        } catch (RuntimeException notFoundOrNotYetReachable) {
            return false;
        }
    }

    /** todo-api's {@code reminder_fired} log entries for the task. */
    private static long firings(LocalStack stack, long taskId) {
        try (var lines = Files.lines(stack.runDir().resolve("logs/todo-api.log"))) {
            return lines.filter(line -> line.contains("reminder_fired")).map(SchedulerOutageIT::json)
                    .filter(entry -> entry != null && "reminder_fired".equals(entry.path("event").asText())
                            && entry.path("task_id").asLong() == taskId)
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return FaultUser.JSON.readTree(line);
        } catch (IOException e) {
            return null; // a line still being written
        }
    }
}
