package dev.todo.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.localstack.LocalStack;
import java.time.Duration;
import java.util.Set;

/**
 * The shape every "an outage loses no event" test shares: clients keep creating tasks while a part of the event
 * path is down; creates must keep succeeding for the whole outage (the outbox holds their events), and once the
 * part is back every committed task's {@code created} event must reach task-events exactly once.
 */
final class CreatesAcrossAnOutage {

    /** Stops or starts a part of the stack. */
    @FunctionalInterface
    interface Fault {
        void apply() throws Exception;
    }

    record Outcome(Set<Long> committed, int createdDuringOutage) {
    }

    private CreatesAcrossAnOutage() {
    }

    static Outcome run(LocalStack stack, String title, Duration outage, Fault stop, Fault start) throws Exception {
        try (FaultUser user = new FaultUser(stack)) {
            CreateLoad load = new CreateLoad(user, 4, 50, title);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 40);

            stop.apply();
            int beforeOutage = load.acknowledged.size();
            // writes depend on neither Kafka nor a sidecar: they go on for the whole outage
            await().during(outage).atMost(outage.plusSeconds(10)).until(() -> load.failed.get() == 0);
            int createdDuringOutage = load.acknowledged.size() - beforeOutage;
            assertThat(createdDuringOutage).as("tasks created during the outage (%s)", title).isPositive();
            start.apply();
            int afterOutage = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= afterOutage + 40);
            load.stop();

            Set<Long> committed = user.committedTaskIds();
            assertThat(committed).containsAll(load.acknowledged);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.createdEventsSoFar().keySet().containsAll(committed));
            assertThat(user.createdEventsSoFar().keySet()).as("created events on task-events = committed tasks")
                    .isEqualTo(committed);
            return new Outcome(committed, createdDuringOutage);
        }
    }
}
