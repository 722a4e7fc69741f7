package dev.todo.systemtests.fault;

import dev.todo.localstack.LocalStack;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §3: "a broker outage delays events and loses none." Kafka is stopped for 30 s while clients keep creating
 * tasks: todo-api keeps answering (the outbox holds the events), and once the broker is back every committed
 * task's created event reaches task-events.
 */
@ExtendWith({LocalStackExtension.class, StackFaults.class})
class KafkaOutageIT {

    @Test
    void thirtySecondsWithoutKafkaLoseNoEvent(LocalStack stack) throws Exception {
        CreatesAcrossAnOutage.Outcome outcome = CreatesAcrossAnOutage.run(stack, "during outage",
                Duration.ofSeconds(30), () -> StackFaults.stopKafka(stack), () -> StackFaults.startKafka(stack));

        System.out.printf("Kafka outage: %d tasks created, %d during the 30 s outage, all %d events on task-events%n",
                outcome.committed().size(), outcome.createdDuringOutage(), outcome.committed().size());
    }
}
