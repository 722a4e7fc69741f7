package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §3: "a sidecar restart ... delays events and loses none." todo-api's own daprd is stopped while clients
 * keep creating tasks; the creates keep succeeding (the outbox holds their events), and once a new sidecar is up
 * the relay publishes every one of them: a Kafka consumer finds exactly one task id per committed task.
 */
@ExtendWith({LocalStackExtension.class, StackFaults.class})
class TodoApiSidecarOutageIT {

    @Test
    void tasksCreatedWhileTheSidecarIsDownArePublishedOnceItIsBack(LocalStack stack) throws Exception {
        try (FaultUser user = new FaultUser(stack)) {
            CreateLoad load = new CreateLoad(user, 4, 50, "sidecar down");
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 40);

            StackFaults.stopSidecar(stack, ServiceSpec.TODO_API);
            int beforeOutage = load.acknowledged.size();
            // writes do not depend on the sidecar: they go on for the whole outage
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(25)).until(() -> load.failed.get() == 0);
            int createdDuringOutage = load.acknowledged.size() - beforeOutage;
            assertThat(createdDuringOutage).as("tasks created while todo-api's sidecar was down").isPositive();
            StackFaults.startSidecar(stack, ServiceSpec.TODO_API);
            int afterOutage = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= afterOutage + 40);
            load.stop();

            Set<Long> committed = user.committedTaskIds();
            assertThat(committed).containsAll(load.acknowledged);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(committed));
            assertThat(user.createdEventsSoFar().keySet()).as("created events on task-events = committed tasks")
                    .isEqualTo(committed);
            System.out.printf("todo-api sidecar outage: %d tasks created, %d while the sidecar was down, all %d"
                    + " events on task-events%n", committed.size(), createdDuringOutage, committed.size());
        }
    }
}
