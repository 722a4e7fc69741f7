package dev.todo.api.reminder;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.ScheduleJobRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Dapr Jobs API for reminders: one job {@code reminder-{task_id}} per task, scheduled with overwrite so a
 * changed due date or offset simply replaces it.
 */
@Component
public class ReminderJobs {

    private static final Logger log = LoggerFactory.getLogger(ReminderJobs.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String PREFIX = "reminder-";

    private final DaprPreviewClient jobs;

    /** The SDK's client implements the preview (Jobs) API too; one client, one gRPC channel. */
    public ReminderJobs(DaprClient dapr) {
        this.jobs = (DaprPreviewClient) dapr;
    }

    public static String jobName(long taskId) {
        return PREFIX + taskId;
    }

    public void schedule(long taskId, Instant remindAt, Instant now) {
        // A reminder already due fires at once rather than being lost.
        Instant dueTime = remindAt.isBefore(now) ? now : remindAt;
        String data = "{\"task_id\":" + taskId + ",\"remind_at\":\"" + remindAt + "\"}";
        ScheduleJobRequest request = new ScheduleJobRequest(jobName(taskId), dueTime)
                .setData(data.getBytes(StandardCharsets.UTF_8))
                .setOverwrite(true);
        jobs.scheduleJob(request).block(TIMEOUT);
        log.atInfo().setMessage("reminder scheduled").addKeyValue("event", "reminder_scheduled")
                .addKeyValue("task_id", taskId)
                .addKeyValue("job", jobName(taskId)).addKeyValue("remind_at", remindAt).log();
    }

    public void cancel(long taskId) {
        try {
            jobs.deleteJob(new DeleteJobRequest(jobName(taskId))).block(TIMEOUT);
            log.atInfo().setMessage("reminder cancelled").addKeyValue("event", "reminder_cancelled")
                    .addKeyValue("task_id", taskId).addKeyValue("job", jobName(taskId)).log();
        } catch (RuntimeException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    private static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase();
            if (message.contains("not found") || message.contains("not_found")) {
                return true;
            }
        }
        return false;
    }
}
