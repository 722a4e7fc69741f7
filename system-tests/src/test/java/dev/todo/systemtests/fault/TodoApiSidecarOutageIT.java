package dev.todo.systemtests.fault;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
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
        CreatesAcrossAnOutage.Outcome outcome = CreatesAcrossAnOutage.run(stack, "sidecar down",
                Duration.ofSeconds(15), () -> StackFaults.stopSidecar(stack, ServiceSpec.TODO_API),
                () -> StackFaults.startSidecar(stack, ServiceSpec.TODO_API));

        System.out.printf("todo-api sidecar outage: %d tasks created, %d while the sidecar was down, all %d"
                + " events on task-events%n", outcome.committed().size(), outcome.createdDuringOutage(),
                outcome.committed().size());
    }
}
