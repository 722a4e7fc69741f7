package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import dev.todo.systemtests.LocalStackExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §3: "A crash ... delays events and loses none." todo-api is killed with SIGKILL while eight clients are
 * creating tasks, then started again. Every task the database committed — including those whose HTTP answer was
 * lost in the crash — has its {@code created} event on task-events, and no event exists for a task that was not
 * committed: the distinct task ids read from Kafka are exactly the committed ones.
 */
@ExtendWith({LocalStackExtension.class, StackFaults.class})
class TodoApiKilledMidBurstIT {

    @Test
    void everyCommittedTaskIsPublishedAfterAKill9(LocalStack stack) throws Exception {
        try (FaultUser user = new FaultUser(stack)) {
            CreateLoad load = new CreateLoad(user, 8, 0, "burst");
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 80);

            StackFaults.kill9(stack, "todo-api");
            await().atMost(Duration.ofSeconds(10)).until(() -> load.failed.get() > 0);
            StackFaults.startApp(stack, ServiceSpec.TODO_API);
            int acknowledgedAtRestart = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledgedAtRestart + 40);
            load.stop();

            Set<Long> committed = user.committedTaskIds();
            assertThat(committed).as("every acknowledged create is committed").containsAll(load.acknowledged);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(committed));
            Map<Long, Integer> created = user.createdEventsSoFar();
            assertThat(created.keySet()).as("created events on task-events = committed tasks").isEqualTo(committed);
            System.out.printf("kill -9 mid-burst: %d acknowledged, %d failed requests, %d committed, %d events"
                            + " (%d tasks published more than once)%n", load.acknowledged.size(), load.failed.get(),
                    committed.size(), created.values().stream().mapToInt(Integer::intValue).sum(),
                    created.values().stream().filter(n -> n > 1).count());
        }
    }
}
