package dev.todo.api.reminder;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tuning of {@link ReminderJobWorker}; the defaults suit one Scheduler and a few todo-api replicas. */
@ConfigurationProperties("todo.reminder.jobs")
public record ReminderJobProperties(
        Boolean enabled,
        Integer batchSize,
        Duration pollInterval,
        Duration lease,
        Duration initialBackoff,
        Duration maxBackoff) {

    public ReminderJobProperties {
        enabled = enabled == null || enabled;
        batchSize = batchSize == null ? 100 : batchSize;
        // a commit in this replica wakes the worker at once; the poll picks up other replicas' commits
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        // how long a claimed row stays with its worker: well above the Jobs API call timeout, so a worker that
        // died mid-call gives its rows to another replica without two of them ever calling for one task at once
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        // bounds how long jobs wait after the Scheduler is back
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    }
}
