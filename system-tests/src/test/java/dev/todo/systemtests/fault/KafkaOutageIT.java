package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
import java.util.Set;
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
        try (FaultUser user = new FaultUser(stack)) {
            CreateLoad load = new CreateLoad(user, 4, 50, "during outage");
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 40);

            StackFaults.stopKafka(stack);
            int beforeOutage = load.acknowledged.size();
            // the outage lasts 30 s, during which creates keep succeeding: writes do not depend on the broker
            await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(40)).until(() -> load.failed.get() == 0);
            assertThat(load.acknowledged.size()).as("tasks created while Kafka was down").isGreaterThan(beforeOutage);
            StackFaults.startKafka(stack);
            int afterOutage = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= afterOutage + 40);
            load.stop();

            Set<Long> committed = user.committedTaskIds();
            assertThat(committed).containsAll(load.acknowledged);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(committed));
            assertThat(user.createdEventsSoFar().keySet()).isEqualTo(committed);
            System.out.printf("Kafka outage: %d tasks created, %d during the 30 s outage, all %d events on task-events%n",
                    committed.size(), afterOutage - beforeOutage, committed.size());
        }
    }
}
