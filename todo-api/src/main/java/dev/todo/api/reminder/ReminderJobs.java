package dev.todo.api.reminder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.tracing.DaprCallTracing;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.DeleteJobRequest;
import io.dapr.client.domain.ScheduleJobRequest;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Dapr Jobs API for reminders: one job {@code reminder-{task_id}} per task, scheduled with overwrite so a
 * changed due date or offset simply replaces it. The job's data carries the {@code traceparent} of the task change
 * that scheduled it, so the firing (possibly days later) continues that trace ({@link ReminderJobData}).
 */
@Component
public class ReminderJobs {

    private static final Logger log = LoggerFactory.getLogger(ReminderJobs.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String PREFIX = "reminder-";

    private final DaprPreviewClient jobs;
    private final ObjectMapper objectMapper;
    private final TraceParents traceParents;
    private final DaprCallTracing daprTracing;

    /** The SDK's client implements the preview (Jobs) API too; one client, one gRPC channel. */
    public ReminderJobs(DaprClient dapr, ObjectMapper objectMapper, TraceParents traceParents,
            DaprCallTracing daprTracing) {
        this.jobs = (DaprPreviewClient) dapr;
        this.objectMapper = objectMapper;
        this.traceParents = traceParents;
        this.daprTracing = daprTracing;
    }

    public static String jobName(long taskId) {
        return PREFIX + taskId;
    }

    /** @param traceparent the task change's trace context (null: none), continued by the call and the firing */
    public void schedule(long taskId, Instant remindAt, Instant now, String traceparent) {
        // A reminder already due fires at once rather than being lost.
        Instant dueTime = remindAt.isBefore(now) ? now : remindAt;
        Span span = traceParents.startContinuing(traceparent, "schedule reminder job", Span.Kind.CLIENT);
        ScheduleJobRequest request = new ScheduleJobRequest(jobName(taskId), dueTime)
                .setData(data(new ReminderJobData(taskId, remindAt, traceparent)))
                .setOverwrite(true);
        daprTracing.call(span, jobs.scheduleJob(request), TIMEOUT);
        // the call's span has ended (and left scope); the line still names it, so it reads as part of the trace
        log.atInfo().setMessage("reminder scheduled").addKeyValue("event", "reminder_scheduled")
                .addKeyValue("task_id", taskId).addKeyValue("job", jobName(taskId)).addKeyValue("remind_at", remindAt)
                .addKeyValue("trace_id", span.context().traceId()).addKeyValue("span_id", span.context().spanId())
                .log();
    }

    private byte[] data(ReminderJobData data) {
        try {
            return objectMapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reminder job data not serializable", e);
        }
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
